package io.benchline.user.onboarding;

import io.benchline.events.FailureReason;
import io.benchline.events.KeysActive;
import io.benchline.events.SecretPurpose;
import io.benchline.events.Signup;
import io.benchline.platform.secrets.SealedField;
import io.benchline.platform.secrets.SealingContext;
import io.benchline.platform.secrets.SealingException;
import io.benchline.platform.secrets.Secret;
import io.benchline.platform.secrets.SecretSealer;
import io.benchline.platform.secrets.SecretSealers;
import io.benchline.platform.sites.SiteAddress;
import io.benchline.platform.sites.SiteAddressPolicy;
import io.benchline.platform.sites.UntrustedSiteAddress;
import io.benchline.user.site.ExistingUser;
import io.benchline.user.site.NewSiteUser;
import io.benchline.user.site.SiteAccess;
import io.benchline.user.site.SiteApiClient;
import io.benchline.user.site.SiteCallProperties;
import io.benchline.user.site.SystemSettingsResult;
import io.benchline.user.site.UserCreation;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles one {@code KeysActive}: skips tenants that already have an outcome and signups past their deadline,
 * checks that the event's site URL is the tenant's own site ({@link SiteAddressPolicy}: an event is input, not
 * authority), opens the sealed password and API credentials for that tenant and site host, creates the customer's
 * administrator and, at the same time, pre-fills System Settings from the signup for ERPNext's own setup wizard
 * (which the customer completes at first login), and emits exactly one terminal event.
 */
public class CustomerOnboarding {

    private static final Logger log = LoggerFactory.getLogger(CustomerOnboarding.class);

    /** Beyond the retry budget: one last request may still be waiting for its response timeout. */
    private static final Duration BLOCK_SLACK = Duration.ofSeconds(30);

    /** Pre-filling stops this long before the signup's deadline, so the terminal event still goes out in time. */
    private static final Duration PREFILL_DEADLINE_MARGIN = Duration.ofSeconds(5);

    private final SiteApiClient site;
    private final SecretSealers sealers;
    private final SiteAddressPolicy sites;
    private final SiteCallProperties siteCalls;
    private final SystemSettingsPrefill prefill;
    private final OnboardingMetrics metrics;
    private final Clock clock;

    CustomerOnboarding(
            SiteApiClient site,
            SecretSealers sealers,
            SiteAddressPolicy sites,
            SiteCallProperties siteCalls,
            SystemSettingsPrefill prefill,
            OnboardingMetrics metrics,
            Clock clock) {
        if (!sealers.holds(SecretPurpose.CUSTOMER_PASSWORD) || !sealers.holds(SecretPurpose.SITE_CREDENTIALS)) {
            // Without both, every signup would fail at its last step: refuse to start instead.
            throw new IllegalStateException("user-service needs both keysets: benchline.secrets.keysets."
                    + "customer-password and benchline.secrets.keysets.site-credentials (file or json)");
        }
        sites.requireDomains("user-service");
        this.site = site;
        this.sealers = sealers;
        this.sites = sites;
        this.siteCalls = siteCalls;
        this.prefill = prefill;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * Decides the signup's outcome and hands its terminal event to {@code outcomes}, which knows the outcomes
     * already recorded (also for earlier records of the same poll) and emits in the caller's transaction. Safe to
     * call for different tenants at the same time; one tenant's records must come one after another.
     */
    public OnboardingResult onboard(KeysActive keysActive, TerminalOutcomes outcomes) {
        UUID tenantId = keysActive.getTenantId();
        Signup signup = keysActive.getSignup();
        Optional<RecordedOutcome> earlier = outcomes.recorded(tenantId);
        if (earlier.isPresent() && earlier.get().attempt() >= signup.getAttempt()) {
            log.info(
                    "Tenant {} already has outcome {} for attempt {} (from KeysActive {}); ignoring KeysActive {}"
                            + " of attempt {}",
                    tenantId,
                    earlier.get().result(),
                    earlier.get().attempt(),
                    earlier.get().causeEventId(),
                    keysActive.getEventId(),
                    signup.getAttempt());
            return skipped(OnboardingResult.DUPLICATE);
        }
        if (earlier.isPresent()) {
            // An operator's RETRY: attempt N ended (outcome recorded), attempt N+1 is new work.
            log.info(
                    "Tenant {} attempt {} is new work (attempt {} ended {})",
                    tenantId,
                    signup.getAttempt(),
                    earlier.get().attempt(),
                    earlier.get().result());
        }
        Instant deadline = signup.getDeadlineAt();
        if (!clock.instant().isBefore(deadline)) {
            log.info("Tenant {} is past its deadline {}; not creating its user", tenantId, deadline);
            return skipped(OnboardingResult.PAST_DEADLINE);
        }

        SiteAddress address;
        try {
            // Before anything is opened: the password and the key go to this URL, so it must be the tenant's site.
            address = sites.check(signup.getSubdomain(), keysActive.getSite().getSiteUrl());
        } catch (UntrustedSiteAddress e) {
            // INVALID_REQUEST, an existing reason: the event asks for something Benchline does not do, and no
            // retry of it can succeed (SITE_UNREACHABLE would send operators after DNS and nginx).
            return fail(keysActive, outcomes, FailureReason.INVALID_REQUEST, e.getMessage(), false);
        }
        SealingContext sealedFor = new SealingContext(tenantId, address.host());
        SiteAccess access;
        NewSiteUser admin;
        try {
            SecretSealer credentials = sealers.forPurpose(SecretPurpose.SITE_CREDENTIALS);
            access = new SiteAccess(
                    address.url(),
                    credentials.open(
                            sealedFor, SealedField.API_KEY, keysActive.getSite().getApiKey()),
                    credentials.open(
                            sealedFor,
                            SealedField.API_SECRET,
                            keysActive.getSite().getApiSecret()));
            Secret password = sealers.forPurpose(SecretPurpose.CUSTOMER_PASSWORD)
                    .open(sealedFor, SealedField.PASSWORD, signup.getPassword());
            admin = new NewSiteUser(signup.getEmail(), signup.getFirstName(), signup.getLastName(), password);
        } catch (SealingException e) {
            // A keyset mismatch is an operator's problem, a secret copied from another tenant's or site's event a
            // forgery; either way nothing was sent, and the customer still gets a definite answer.
            return fail(
                    keysActive,
                    outcomes,
                    FailureReason.INTERNAL_ERROR,
                    "Cannot open the signup's sealed secrets: " + e.getMessage());
        }

        // Issue 20: System Settings are saved while the user is created, not after: two independent documents (the
        // User, the System Settings single), both safe to repeat, each a REST round trip on its own Frappe worker.
        Prefill prefilled = startPrefill(keysActive, access);
        Instant giveUpAt = earliest(clock.instant().plus(siteCalls.budget()), deadline);
        log.debug("Creating the administrator of tenant {} on {}", tenantId, access.siteUrl());
        Timer.Sample sample = metrics.startUserCreation();
        UserCreation creation = site.createUser(access, admin, giveUpAt).block(blockLimit(giveUpAt));
        metrics.userCreation(sample, creation);
        if (creation instanceof UserCreation.Failed failed) {
            prefilled.stop();
            // USER_REJECTED carries Frappe's own message, which the browser shows: make sure it holds no password.
            return fail(keysActive, outcomes, failed.reason(), redacted(failed.message(), admin.password()));
        }
        if (creation instanceof UserCreation.AlreadyExists exists) {
            if (!isTheUserWeCreate(exists.existing(), signup)) {
                prefilled.stop();
                return fail(
                        keysActive,
                        outcomes,
                        FailureReason.USER_REJECTED,
                        "An account for " + signup.getEmail()
                                + " already exists on the site and is not the administrator Benchline creates.");
            }
            log.info(
                    "The administrator of tenant {} already exists on {} as we create it; taking it as created",
                    tenantId,
                    access.siteUrl());
        } else {
            log.info("Created the administrator of tenant {} on {}", tenantId, access.siteUrl());
        }

        prefilled.await();

        Instant now = clock.instant();
        if (!now.isBefore(deadline)) {
            log.info(
                    "Tenant {} passed its deadline {} while its user was created; emitting nothing",
                    tenantId,
                    deadline);
            return skipped(OnboardingResult.PAST_DEADLINE);
        }
        outcomes.completed(TerminalEvents.completed(keysActive, now), keysActive.getEventId());
        metrics.completed();
        return OnboardingResult.COMPLETED;
    }

    /**
     * Starts pre-filling System Settings for ERPNext's own setup wizard (the request leaves at once). A failure does
     * not fail the signup: the administrator exists and the wizard opens at first login either way, only with its
     * own defaults.
     */
    private Prefill startPrefill(KeysActive keysActive, SiteAccess access) {
        Map<String, Object> values = prefill.values(keysActive.getSignup());
        if (values.isEmpty()) {
            return new Prefill(keysActive, values, null, null);
        }
        Instant giveUpAt = earliest(
                clock.instant().plus(siteCalls.budget()),
                keysActive.getSignup().getDeadlineAt().minus(PREFILL_DEADLINE_MARGIN));
        return new Prefill(
                keysActive,
                values,
                giveUpAt,
                site.prefillSystemSettings(access, values, giveUpAt).toFuture());
    }

    /** A pre-fill under way, or none ({@code running} null) when the signup says nothing worth saving. */
    private final class Prefill {

        private final KeysActive keysActive;
        private final Map<String, Object> values;
        private final Instant giveUpAt;
        private final CompletableFuture<SystemSettingsResult> running;

        Prefill(
                KeysActive keysActive,
                Map<String, Object> values,
                Instant giveUpAt,
                CompletableFuture<SystemSettingsResult> running) {
            this.keysActive = keysActive;
            this.values = values;
            this.giveUpAt = giveUpAt;
            this.running = running;
        }

        /** The signup failed: whatever is left of the pre-fill is not waited for (cancelling stops its retries). */
        void stop() {
            if (running != null) {
                running.cancel(true);
            }
        }

        void await() {
            if (running == null) {
                metrics.systemSettingsSkipped();
                return;
            }
            SystemSettingsResult result;
            try {
                result = running.get(blockLimit(giveUpAt).toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException e) {
                running.cancel(true);
                result = SystemSettingsResult.failed(
                        "no answer in time (" + e.getClass().getSimpleName() + ")");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running.cancel(true);
                throw new IllegalStateException("interrupted while pre-filling System Settings", e);
            }
            metrics.systemSettings(result.outcome());
            if (result.outcome() == SystemSettingsResult.Outcome.PREFILLED) {
                log.info("System Settings of tenant {} pre-filled ({})", keysActive.getTenantId(), values.keySet());
            } else {
                log.warn(
                        "System Settings of tenant {} not pre-filled, the setup wizard opens with its defaults: {}",
                        keysActive.getTenantId(),
                        result.detail());
            }
        }
    }

    /**
     * A 409 means a user with this email exists. On a brand-new site only Benchline holds the Administrator's key,
     * so it is almost surely ours from an earlier attempt whose outcome was never recorded; we still check it is
     * what we create (enabled System Manager, same name) before calling the signup complete.
     */
    static boolean isTheUserWeCreate(ExistingUser existing, Signup signup) {
        return existing.enabled()
                && existing.isSystemManager()
                && existing.name().equalsIgnoreCase(signup.getEmail().strip())
                && existing.firstName().strip().equals(signup.getFirstName().strip());
    }

    private OnboardingResult fail(
            KeysActive keysActive, TerminalOutcomes outcomes, FailureReason reason, String message) {
        // Every other USER-stage failure is specific to this site and attempt: a new signup may well succeed.
        return fail(keysActive, outcomes, reason, message, true);
    }

    private OnboardingResult fail(
            KeysActive keysActive, TerminalOutcomes outcomes, FailureReason reason, String message, boolean retryable) {
        Instant now = clock.instant();
        if (!now.isBefore(keysActive.getSignup().getDeadlineAt())) {
            log.info("Tenant {} failed ({}) after its deadline; emitting nothing", keysActive.getTenantId(), reason);
            return skipped(OnboardingResult.PAST_DEADLINE);
        }
        log.warn("Signup of tenant {} failed at stage USER ({}): {}", keysActive.getTenantId(), reason, message);
        outcomes.failed(TerminalEvents.failed(keysActive, reason, message, retryable, now), keysActive.getEventId());
        metrics.failed(reason);
        return OnboardingResult.FAILED;
    }

    private OnboardingResult skipped(OnboardingResult result) {
        metrics.skipped(result);
        return result;
    }

    /** Frappe's messages should never quote a password, but the browser shows this one: make sure. */
    private static String redacted(String message, Secret password) {
        String secret = password.reveal();
        return secret.isEmpty() ? message : message.replace(secret, "[redacted]");
    }

    private Duration blockLimit(Instant giveUpAt) {
        Duration left = Duration.between(clock.instant(), giveUpAt);
        return (left.isNegative() ? Duration.ZERO : left).plus(BLOCK_SLACK);
    }

    private static Instant earliest(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
