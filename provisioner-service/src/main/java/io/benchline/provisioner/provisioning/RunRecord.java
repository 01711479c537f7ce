package io.benchline.provisioner.provisioning;

import io.benchline.events.FailureReason;
import io.benchline.events.ProvisioningStep;
import io.benchline.events.StepPhase;
import io.benchline.provisioner.bench.SiteName;
import io.benchline.provisioner.hosts.BenchHost;
import java.time.Instant;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One tenant's ledger entry as a run moves it on: every change is made durable first, and the outcome is recorded
 * (with its event id and time fixed) before it is emitted. A cancelled run records and emits nothing more.
 */
final class RunRecord {

    private static final Logger log = LoggerFactory.getLogger(RunRecord.class);

    private final TenantRecords records;
    private final BooleanSupplier cancelled;
    private LedgerEntry entry;

    RunRecord(TenantRecords records, LedgerEntry entry, BooleanSupplier cancelled) {
        this.records = records;
        this.entry = entry;
        this.cancelled = cancelled;
    }

    LedgerEntry entry() {
        return entry;
    }

    Instant now() {
        return records.clock().instant();
    }

    ProvisioningMetrics metrics() {
        return records.metrics();
    }

    void save(LedgerEntry next) {
        checkCancelled();
        records.ledger().record(next);
        entry = next;
    }

    void progress(ProvisioningStep step, StepPhase phase, String hostId, String message) {
        records.events().progressed(entry.tenantId(), step, phase, hostId, message);
    }

    void checkCancelled() {
        if (cancelled.getAsBoolean()) {
            throw new RunCancelled();
        }
    }

    /** Re-sends a decided outcome, abandons an expired request, fails an invalid one: whatever needs no slot. */
    RunEnd settleWithoutSlot(Optional<String> invalidRequest) {
        try {
            if (entry.outcome() != null) {
                publishOutcome();
            } else if (entry.deadlinePassed(now())) {
                abandon();
            } else if (invalidRequest.isPresent()) {
                return fail(new StepFailed(
                        FailureReason.INVALID_REQUEST, false, "request rejected: " + invalidRequest.get()));
            }
            return RunEnd.SETTLED;
        } catch (RunCancelled c) {
            return RunEnd.CANCELLED;
        }
    }

    RunEnd succeed(SiteName site, BenchHost host) {
        if (entry.deadlinePassed(now())) {
            abandon();
            return RunEnd.SETTLED;
        }
        decide(LedgerEntry.Outcome.provisioned(now()));
        log.info("tenant {}: site {} provisioned on {}", entry.tenantId(), site, host.id());
        return RunEnd.SETTLED;
    }

    RunEnd fail(StepFailed failure) {
        try {
            if (entry.deadlinePassed(now())) {
                abandon();
                return RunEnd.SETTLED;
            }
            log.warn(
                    "tenant {}: provisioning failed ({}): {}",
                    entry.tenantId(),
                    failure.reason(),
                    failure.getMessage());
            decide(LedgerEntry.Outcome.failed(now(), failure.reason(), failure.getMessage(), failure.retryable()));
            records.metrics().failed(failure.reason());
            return RunEnd.SETTLED;
        } catch (RunCancelled c) {
            return RunEnd.CANCELLED;
        }
    }

    private void decide(LedgerEntry.Outcome outcome) {
        save(entry.withOutcome(outcome));
        publishOutcome();
    }

    private void publishOutcome() {
        checkCancelled();
        switch (entry.outcome().kind()) {
            case PROVISIONED -> records.events().provisioned(entry);
            case FAILED -> records.events().failed(entry);
            case ABANDONED -> {
                return;
            }
        }
        save(entry.withOutcome(entry.outcome().asPublished()));
    }

    private void abandon() {
        log.info(
                "tenant {}: deadline passed, stopping without an outcome (signup-service reports the timeout)",
                entry.tenantId());
        save(entry.withOutcome(LedgerEntry.Outcome.abandoned(now())));
    }
}
