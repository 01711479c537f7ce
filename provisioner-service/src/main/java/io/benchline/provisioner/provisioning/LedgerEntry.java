package io.benchline.provisioner.provisioning;

import io.benchline.events.FailureReason;
import io.benchline.events.ProvisioningStep;
import io.benchline.events.SealedSecret;
import io.benchline.events.SecretPurpose;
import io.benchline.events.TenantRequested;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * What the provisioner has durably done for one tenant: the request it accepted (and from which partition), the
 * host it chose, which steps finished, whether it started creating the site (so a site found later is ours), the
 * sealed credentials once generated, and the outcome once decided. Redeliveries and restarts resume from here.
 */
public record LedgerEntry(
        UUID tenantId,
        int partition,
        TenantRequested request,
        String hostId,
        Set<ProvisioningStep> finished,
        boolean siteCreationStarted,
        StoredCredentials credentials,
        Outcome outcome,
        Instant acceptedAt,
        String standby) {

    public LedgerEntry {
        finished = finished.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(finished));
    }

    public static LedgerEntry accepted(TenantRequested request, int partition, Instant now) {
        return new LedgerEntry(request.getTenantId(), partition, request, null, Set.of(), false, null, null, now, null);
    }

    public boolean isFinished(ProvisioningStep step) {
        return finished.contains(step);
    }

    /** Nothing left to do: the outcome was emitted, or the deadline passed and nothing will be. */
    public boolean isSettled() {
        return outcome != null && (outcome.published() || outcome.kind() == Outcome.Kind.ABANDONED);
    }

    /** Whether the signup's deadline has passed at {@code now}: then nothing more is started or emitted. */
    boolean deadlinePassed(Instant now) {
        return !now.isBefore(request.getSignup().getDeadlineAt());
    }

    /** The attempt of the request this entry works on (1 for the signup, +1 for each operator retry). */
    public int attempt() {
        return request.getSignup().getAttempt();
    }

    /**
     * The entry reopened for an operator's retry ({@code retry} carries a higher attempt): the new request (new
     * deadline) and no outcome. The entry is settled, or its run was stopped first (a timed-out attempt still running). Host, "creation started" and finished steps stay, so the run resumes at the first
     * unfinished step. When the earlier attempt's SiteProvisioned was published (a later stage failed), keys are
     * generated anew and the site warmed up again, so a new SiteProvisioned goes out for the new attempt.
     */
    public LedgerEntry reopened(TenantRequested retry) {
        if (!retry.getTenantId().equals(tenantId) || retry.getSignup().getAttempt() <= attempt()) {
            throw new IllegalArgumentException("not a retry of this entry");
        }
        boolean provisioned = outcome != null && outcome.kind() == Outcome.Kind.PROVISIONED;
        EnumSet<ProvisioningStep> steps = EnumSet.noneOf(ProvisioningStep.class);
        steps.addAll(finished);
        if (provisioned) {
            steps.remove(ProvisioningStep.GENERATE_KEYS);
            steps.remove(ProvisioningStep.WARM_UP);
        }
        return new LedgerEntry(
                tenantId,
                partition,
                retry,
                hostId,
                steps,
                siteCreationStarted,
                provisioned ? null : credentials,
                null,
                acceptedAt,
                standby);
    }

    /** The steps that stand for the site itself and its keys: undone when the site is gone. */
    private static final Set<ProvisioningStep> SITE_STEPS = EnumSet.of(
            ProvisioningStep.CREATE_SITE,
            ProvisioningStep.GENERATE_KEYS,
            ProvisioningStep.PUBLISH_SITE,
            ProvisioningStep.WARM_UP);

    private EnumSet<ProvisioningStep> finishedWithout(Set<ProvisioningStep> undone) {
        EnumSet<ProvisioningStep> steps = EnumSet.noneOf(ProvisioningStep.class);
        steps.addAll(finished);
        steps.removeAll(undone);
        return steps;
    }

    /**
     * CREATE_SITE was finished by an earlier attempt, but the site is gone (dropped when that attempt failed) or
     * half there: it is built again, and everything after it is done again (keys, publishing, warm-up).
     */
    LedgerEntry withSiteToRebuild() {
        EnumSet<ProvisioningStep> steps = finishedWithout(SITE_STEPS);
        return with(change -> {
            change.finished = steps;
            change.credentials = null;
            change.siteCreationStarted = true;
        });
    }

    LedgerEntry withHost(String id) {
        return with(change -> change.hostId = id);
    }

    /** Back to "no host chosen": the host turned out unfit before anything was built there, so another may take it. */
    LedgerEntry withoutHost() {
        EnumSet<ProvisioningStep> steps = EnumSet.noneOf(ProvisioningStep.class);
        steps.addAll(finished);
        steps.remove(ProvisioningStep.CHOOSE_HOST);
        return with(change -> {
            change.hostId = null;
            change.finished = steps;
        });
    }

    /**
     * The standby this tenant is claiming (recorded BEFORE the claim is asked for, so a restarted run asks for the
     * same one and a claim is never made twice), or null to go cold.
     */
    LedgerEntry withStandby(String name) {
        return with(change -> change.standby = name);
    }

    LedgerEntry withSiteCreationStarted() {
        return with(change -> change.siteCreationStarted = true);
    }

    LedgerEntry withFinished(ProvisioningStep step) {
        EnumSet<ProvisioningStep> steps = EnumSet.of(step);
        steps.addAll(finished);
        return with(change -> change.finished = steps);
    }

    LedgerEntry withCredentials(StoredCredentials sealed) {
        return with(change -> change.credentials = sealed);
    }

    /**
     * The same entry without its sealed credentials, once they were revoked on the site: every step state stays, so
     * a retry resumes, and generates new keys (GENERATE_KEYS runs again whenever no credentials are stored).
     */
    LedgerEntry withoutCredentials() {
        return with(change -> change.credentials = null);
    }

    /**
     * The site was dropped because its signup failed (TenantRemoval): the sealed credentials leave, the site's steps
     * are undone and "creation started" is cleared, so a site of that name found later is not taken for ours and an
     * operator's retry builds the site from scratch on the same host. Host, outcome and attempt stay.
     */
    public LedgerEntry withSiteDropped() {
        EnumSet<ProvisioningStep> steps = finishedWithout(SITE_STEPS);
        steps.remove(ProvisioningStep.CLAIM_STANDBY);
        return with(change -> {
            change.finished = steps;
            change.credentials = null;
            change.siteCreationStarted = false;
            change.standby = null;
        });
    }

    LedgerEntry withOutcome(Outcome decided) {
        return with(change -> change.outcome = decided);
    }

    /** A copy of this entry with what {@code edit} changes; the request, its partition and acceptance never change. */
    private LedgerEntry with(Consumer<Change> edit) {
        Change change = new Change(this);
        edit.accept(change);
        return new LedgerEntry(
                tenantId,
                partition,
                request,
                change.hostId,
                change.finished,
                change.siteCreationStarted,
                change.credentials,
                change.outcome,
                acceptedAt,
                change.standby);
    }

    /** The fields a step may change, starting from the entry's own values. */
    private static final class Change {
        String hostId;
        Set<ProvisioningStep> finished;
        boolean siteCreationStarted;
        StoredCredentials credentials;
        Outcome outcome;
        String standby;

        Change(LedgerEntry entry) {
            hostId = entry.hostId;
            finished = entry.finished;
            siteCreationStarted = entry.siteCreationStarted;
            credentials = entry.credentials;
            outcome = entry.outcome;
            standby = entry.standby;
        }
    }

    /** The Site's API key and secret as SITE_CREDENTIALS ciphertexts: the ledger never holds them in plain text. */
    public record StoredCredentials(byte[] apiKey, byte[] apiSecret) {

        static StoredCredentials of(SealedSecret apiKey, SealedSecret apiSecret) {
            return new StoredCredentials(bytes(apiKey), bytes(apiSecret));
        }

        /** The API key as the SealedSecret that events carry and the sealer opens. */
        public SealedSecret sealedApiKey() {
            return sealed(apiKey);
        }

        /** The API secret as the SealedSecret that events carry and the sealer opens. */
        public SealedSecret sealedApiSecret() {
            return sealed(apiSecret);
        }

        private static SealedSecret sealed(byte[] ciphertext) {
            return SealedSecret.newBuilder()
                    .setPurpose(SecretPurpose.SITE_CREDENTIALS)
                    .setCiphertext(ByteBuffer.wrap(ciphertext))
                    .build();
        }

        private static byte[] bytes(SealedSecret sealed) {
            ByteBuffer buffer = sealed.getCiphertext().duplicate();
            byte[] out = new byte[buffer.remaining()];
            buffer.get(out);
            return out;
        }
    }

    /**
     * The decided outcome. Its event id and time are fixed before the event is sent, so a re-emission after a
     * crash is the very same event, which consumers deduplicate.
     */
    public record Outcome(
            Kind kind,
            UUID eventId,
            Instant at,
            FailureReason reason,
            String message,
            boolean retryable,
            boolean published) {

        public enum Kind {
            PROVISIONED,
            FAILED,
            /** The signup's deadline passed: signup-service reports the timeout, we emit nothing. */
            ABANDONED
        }

        static Outcome provisioned(Instant at) {
            return new Outcome(Kind.PROVISIONED, UUID.randomUUID(), at, null, null, false, false);
        }

        static Outcome failed(Instant at, FailureReason reason, String message, boolean retryable) {
            return new Outcome(Kind.FAILED, UUID.randomUUID(), at, reason, message, retryable, false);
        }

        static Outcome abandoned(Instant at) {
            return new Outcome(Kind.ABANDONED, UUID.randomUUID(), at, null, null, false, false);
        }

        Outcome asPublished() {
            return new Outcome(kind, eventId, at, reason, message, retryable, true);
        }
    }
}
