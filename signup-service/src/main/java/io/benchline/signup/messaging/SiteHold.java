package io.benchline.signup.messaging;

import io.benchline.signup.status.SignupStatus;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * A failed signup's subdomain kept claimed until the provisioner has dropped the site the signup started. The
 * provisioner drops it asynchronously (ProvisioningFailedListener, or EmailVerificationListener for an unverified
 * email) and reports {@code SiteOperationCompleted(DROP)}; released before that, the name could go to another
 * customer whose new site the late drop would then remove. {@code attempt} is the attempt whose site is awaited (0:
 * nothing held); {@code releaseAt} when it is released even without that report (benchline.signup.site-drop-wait
 * after the failure); {@code drops} the DROP operations of this tenant seen so far (one may come before the failure that
 * asked for it, as the two arrive on different topics).
 */
record SiteHold(UUID tenantId, String subdomain, int attempt, Instant releaseAt, List<UUID> drops) {

    /** Enough for every attempt an operator may retry. */
    private static final int REMEMBERED_DROPS = 16;

    /** The provisioning steps after which the provisioner may have put a site of this name on a host. */
    private static final Set<String> SITE_STAGES = Set.of("claim_standby", "create_site");

    SiteHold {
        drops = drops == null ? List.of() : List.copyOf(drops);
    }

    boolean held() {
        return attempt > 0;
    }

    SiteHold holding(int heldAttempt, Instant until) {
        return new SiteHold(tenantId, subdomain, heldAttempt, until, drops);
    }

    SiteHold released() {
        return new SiteHold(tenantId, subdomain, 0, null, drops);
    }

    SiteHold withDrop(UUID operationId) {
        List<UUID> seen = new ArrayList<>(drops);
        if (!seen.contains(operationId)) {
            seen.add(operationId);
        }
        if (seen.size() > REMEMBERED_DROPS) {
            seen = seen.subList(seen.size() - REMEMBERED_DROPS, seen.size());
        }
        return new SiteHold(tenantId, subdomain, attempt, releaseAt, seen);
    }

    /** Whether the drop of {@code failedAttempt}'s site (or of the unverified tenant's) was reported already. */
    boolean dropSeenFor(int failedAttempt) {
        return drops.contains(signupFailedOperationId(tenantId, failedAttempt))
                || drops.contains(emailNotVerifiedOperationId(tenantId));
    }

    /**
     * A DROP reported for an attempt older than the held one: that attempt's site, not the one awaited (a retry
     * rebuilt it). Any other DROP of the tenant (the held attempt's, the unverified email's) ends the hold.
     */
    boolean isOlderAttemptsDrop(UUID operationId) {
        for (int older = 1; older < attempt; older++) {
            if (signupFailedOperationId(tenantId, older).equals(operationId)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the failed attempt may have left a site the provisioner will drop: it started claiming a standby or
     * creating the site (the provisioner marks "creation started" inside those steps and drops exactly then, see
     * TenantRemoval.signupFailed). Not when the failure is SUBDOMAIN_TAKEN: that site is someone else's and is left
     * alone, so no DROP would ever come.
     */
    static boolean siteMayRemain(SignupStatus failed) {
        boolean taken =
                failed.steps().stream().anyMatch(step -> step.isFinal() && "subdomain_taken".equals(step.reason()));
        return !taken
                && failed.steps().stream()
                        .anyMatch(step ->
                                SignupStatus.Step.PROGRESS.equals(step.kind()) && SITE_STAGES.contains(step.stage()));
    }

    /** provisioner-service's TenantRemoval.signupFailedOperationId: the DROP of a failed attempt's site. */
    static UUID signupFailedOperationId(UUID tenantId, int attempt) {
        return UUID.nameUUIDFromBytes(
                ("benchline:site-op:signup-failed:" + tenantId + ":" + attempt).getBytes(StandardCharsets.UTF_8));
    }

    /** provisioner-service's TenantRemoval.emailNotVerifiedOperationId: the DROP of an unverified tenant's site. */
    static UUID emailNotVerifiedOperationId(UUID tenantId) {
        return UUID.nameUUIDFromBytes(
                ("benchline:site-op:email-not-verified:" + tenantId).getBytes(StandardCharsets.UTF_8));
    }
}
