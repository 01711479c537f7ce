package io.benchline.user.onboarding;

import io.benchline.events.ProvisioningFailed;
import io.benchline.events.SignupCompleted;
import java.util.Optional;
import java.util.UUID;

/**
 * Where a signup's terminal event goes, together with the record that it went: emitting and remembering happen
 * atomically, so a redelivered {@code KeysActive} finds the earlier outcome instead of creating a second one.
 */
public interface TerminalOutcomes {

    /** The outcome already recorded for this tenant, if any; reflects every outcome committed so far. */
    Optional<RecordedOutcome> recorded(UUID tenantId);

    void completed(SignupCompleted event, UUID causeEventId);

    void failed(ProvisioningFailed event, UUID causeEventId);
}
