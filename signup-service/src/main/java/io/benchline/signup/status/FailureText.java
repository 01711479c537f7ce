package io.benchline.signup.status;

import java.util.Locale;
import java.util.UUID;

/**
 * What an anonymous customer is told when a signup fails: what went wrong in their terms, what to do, and a
 * support reference (the tenant id). Built from stage and reason only, never from the failing stage's message,
 * which may name hosts and quote bench output; that message stays in the logs and the Kafka events. The subdomain
 * is promised only "once anything we set up for it is removed": a failed signup whose site was started keeps it
 * until the provisioner has dropped that site (signup-service's SiteHold).
 */
final class FailureText {

    private FailureText() {}

    /** {@code stage} and {@code reason} as the status carries them: lower-case names of the event's enums. */
    static String forCustomer(String stage, String reason, Boolean retryable, UUID tenantId) {
        return what(stage, reason) + " " + whatToDo(reason, retryable) + " Support reference: " + tenantId + ".";
    }

    private static String what(String stage, String reason) {
        return switch (reason == null ? "" : reason.toLowerCase(Locale.ROOT)) {
            case "subdomain_taken" -> "Someone else took this subdomain while your site was being set up.";
            case "invalid_request" -> "Part of your signup could not be used to set up a site.";
            case "no_bench_host_available" -> "All our servers are busy, so your site could not be created.";
            case "host_unreachable", "host_key_rejected", "bench_command_failed", "bench_command_timed_out" ->
                "We could not create your site because of a problem on our side.";
            case "site_unreachable", "site_error" -> "Your site was created but did not answer when we checked it.";
            case "keys_rejected" -> "Your site was created but we could not finish connecting it.";
            case "user_rejected" -> "Your site was created but we could not set up your administrator account.";
            case "deadline_exceeded" -> "Setting up your site took longer than it should.";
            case "email_not_verified" ->
                "Your email address was not confirmed in time, so the site we set up for you is being removed.";
            default -> "Setting up your site failed" + during(stage) + ".";
        };
    }

    private static String during(String stage) {
        return switch (stage == null ? "" : stage.toLowerCase(Locale.ROOT)) {
            case "provision" -> " while creating it";
            case "verify" -> " while checking it";
            case "user" -> " while creating your account";
            default -> "";
        };
    }

    private static String whatToDo(String reason, Boolean retryable) {
        if ("subdomain_taken".equals(reason)) {
            return "Please sign up again with another subdomain.";
        }
        if ("email_not_verified".equals(reason)) {
            return "Please sign up again and enter the code we email you; you can use the same subdomain once"
                    + " that site is removed (usually within minutes).";
        }
        return Boolean.TRUE.equals(retryable)
                ? "Please sign up again; you can use the same subdomain once anything we set up for it is removed"
                        + " (usually within minutes)."
                : "Please contact support; we will help you finish it.";
    }
}
