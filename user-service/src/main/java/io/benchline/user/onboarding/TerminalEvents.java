package io.benchline.user.onboarding;

import io.benchline.events.FailureReason;
import io.benchline.events.FailureStage;
import io.benchline.events.KeysActive;
import io.benchline.events.ProvisioningFailed;
import io.benchline.events.Signup;
import io.benchline.events.SignupCompleted;
import io.benchline.events.Site;
import io.benchline.events.StageDurations;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/** Builds the terminal events from the {@code KeysActive} that carries the whole signup forward. */
final class TerminalEvents {

    private TerminalEvents() {}

    static SignupCompleted completed(KeysActive keysActive, Instant now) {
        Signup signup = keysActive.getSignup();
        Site site = keysActive.getSite();
        String siteUrl = stripTrailingSlash(site.getSiteUrl());
        return SignupCompleted.newBuilder()
                .setEventId(terminalEventId(
                        keysActive.getTenantId(), keysActive.getSignup().getAttempt()))
                .setTenantId(keysActive.getTenantId())
                .setOccurredAt(now)
                .setOrganization(signup.getOrganization())
                .setSubdomain(signup.getSubdomain())
                .setSiteUrl(siteUrl)
                .setDashboardUrl(siteUrl + "/app")
                .setAdminEmail(signup.getEmail())
                .setPlan(signup.getPlan())
                .setAttempt(signup.getAttempt())
                .setSynthetic(signup.getSynthetic())
                .setDurations(StageDurations.newBuilder()
                        .setProvisionMillis(millis(signup.getRequestedAt(), site.getProvisionedAt()))
                        .setVerifyMillis(millis(site.getProvisionedAt(), keysActive.getOccurredAt()))
                        .setUserMillis(millis(keysActive.getOccurredAt(), now))
                        .setTotalMillis(millis(signup.getRequestedAt(), now))
                        .build())
                .build();
    }

    static ProvisioningFailed failed(
            KeysActive keysActive, FailureReason reason, String message, boolean retryable, Instant now) {
        return ProvisioningFailed.newBuilder()
                .setEventId(terminalEventId(
                        keysActive.getTenantId(), keysActive.getSignup().getAttempt()))
                .setTenantId(keysActive.getTenantId())
                .setOccurredAt(now)
                .setStage(FailureStage.USER)
                .setReason(reason)
                .setMessage(message)
                .setRetryable(retryable)
                .setSubdomain(keysActive.getSignup().getSubdomain())
                .setAttempt(keysActive.getSignup().getAttempt())
                .build();
    }

    /**
     * One terminal event per tenant and attempt, so its id is derived from them: should a duplicate ever slip past
     * the transaction, consumers that deduplicate on eventId still see one event. The first attempt keeps the id it
     * had before attempts existed.
     */
    static UUID terminalEventId(UUID tenantId, int attempt) {
        String name = "benchline:user-service:terminal:" + tenantId + (attempt > 1 ? ":" + attempt : "");
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
    }

    /** Stage clocks run on different hosts; a little skew must not produce a negative duration. */
    private static long millis(Instant from, Instant to) {
        return Math.max(0, Duration.between(from, to).toMillis());
    }

    private static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
