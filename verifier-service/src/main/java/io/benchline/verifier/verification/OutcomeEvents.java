package io.benchline.verifier.verification;

import io.benchline.events.FailureReason;
import io.benchline.events.FailureStage;
import io.benchline.events.KeysActive;
import io.benchline.events.ProvisioningFailed;
import io.benchline.events.SiteProvisioned;
import io.benchline.verifier.probe.ProbeOutcome;
import io.benchline.verifier.probe.Verdict;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;

/**
 * Turns a verdict into the event the rest of the pipeline reads. The event id is derived from the
 * SiteProvisioned event, so an outcome published again after a crash (between publishing it and recording the
 * decision) carries the same id and downstream consumers drop it as a duplicate.
 */
final class OutcomeEvents {

    private OutcomeEvents() {}

    static SpecificRecord of(SiteProvisioned provisioned, Verdict verdict, Instant now) {
        UUID eventId = UUID.nameUUIDFromBytes(
                ("benchline-verifier-outcome:" + provisioned.getEventId()).getBytes(StandardCharsets.UTF_8));
        if (verdict.active()) {
            return KeysActive.newBuilder()
                    .setEventId(eventId)
                    .setTenantId(provisioned.getTenantId())
                    .setOccurredAt(now)
                    .setSignup(provisioned.getSignup())
                    .setSite(provisioned.getSite())
                    .setAttempts(verdict.attempts())
                    .setActivationMillis(verdict.elapsed().toMillis())
                    .build();
        }
        return ProvisioningFailed.newBuilder()
                .setEventId(eventId)
                .setTenantId(provisioned.getTenantId())
                .setOccurredAt(now)
                .setStage(FailureStage.VERIFY)
                .setReason(reason(verdict.last().outcome()))
                .setMessage(message(provisioned, verdict))
                .setRetryable(verdict.last().outcome() != ProbeOutcome.KEYS_REJECTED
                        && verdict.last().outcome() != ProbeOutcome.UNTRUSTED_SITE)
                .setSubdomain(provisioned.getSignup().getSubdomain())
                .setAttempt(provisioned.getSignup().getAttempt())
                .build();
    }

    static FailureReason reason(ProbeOutcome outcome) {
        return switch (outcome) {
            case UNREACHABLE -> FailureReason.SITE_UNREACHABLE;
            case SERVER_ERROR -> FailureReason.SITE_ERROR;
            case KEYS_REJECTED -> FailureReason.KEYS_REJECTED;
            case MISCONFIGURED, ACTIVE -> FailureReason.INTERNAL_ERROR;
            // The event asked for something Benchline does not do: an existing symbol, no schema release.
            case UNTRUSTED_SITE -> FailureReason.INVALID_REQUEST;
        };
    }

    /** Says what happened and what to look at; names the site and the probe's cause, never a credential. */
    private static String message(SiteProvisioned provisioned, Verdict verdict) {
        String site = provisioned.getSite().getSiteName() + " ("
                + provisioned.getSite().getSiteUrl() + ")";
        String tries = verdict.attempts() + (verdict.attempts() == 1 ? " probe" : " probes") + " in "
                + seconds(verdict.elapsed());
        String last = verdict.last().detail();
        return switch (verdict.last().outcome()) {
            case UNREACHABLE ->
                "Site " + site + " was not reachable by its name after " + tries + "; last: " + last
                        + ". Check that the web server routes the name (bench setup nginx + reload), DNS and TLS.";
            case SERVER_ERROR ->
                "Site " + site + " kept failing after " + tries + "; last: " + last
                        + ". Check the site's web workers and database on its bench host.";
            case KEYS_REJECTED ->
                "Site " + site + " rejected its API keys after " + tries + "; last: " + last
                        + ". The secret may have been rotated by a later generate_keys,"
                        + " or the name leads to another site.";
            case MISCONFIGURED, ACTIVE -> "Site " + site + " cannot be probed: " + last + ".";
            case UNTRUSTED_SITE -> "Site " + provisioned.getSite().getSiteName() + " was not probed: " + last + ".";
        };
    }

    private static String seconds(Duration elapsed) {
        return String.format(java.util.Locale.ROOT, "%.1f s", elapsed.toMillis() / 1000.0);
    }
}
