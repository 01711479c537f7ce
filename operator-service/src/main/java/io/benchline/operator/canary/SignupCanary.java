package io.benchline.operator.canary;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One canary run, a customer's whole signup through the public API: POST a tagged signup ({@code X-Benchline-Canary},
 * subdomain {@code canary-<8 hex>}), follow its status, enter the mailed code when it awaits verification, follow
 * {@code enterUrl} to the site's one-time login and check the site has the customer logged in; then deprovision the
 * tenant through the operator API. Measured to the hand-off; a failure logs the step and the reason.
 */
final class SignupCanary {

    private static final Logger log = LoggerFactory.getLogger(SignupCanary.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final CanaryProperties properties;
    private final SignupApi signupApi;
    private final Optional<VerificationMailbox> mailbox;
    private final SiteLogin siteLogin;
    private final OperatorApi operatorApi;
    private final CanaryMetrics metrics;
    private final Clock clock;

    SignupCanary(
            CanaryProperties properties,
            SignupApi signupApi,
            Optional<VerificationMailbox> mailbox,
            SiteLogin siteLogin,
            OperatorApi operatorApi,
            CanaryMetrics metrics,
            Clock clock) {
        this.properties = properties;
        this.signupApi = signupApi;
        this.mailbox = mailbox;
        this.siteLogin = siteLogin;
        this.operatorApi = operatorApi;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Runs once; never throws (a scheduled task that throws would stop being scheduled). */
    CanaryResult runOnce() {
        Run run = new Run();
        CanaryResult result;
        try {
            run.signUpAndEnter();
            deprovision(run);
            result = new CanaryResult(run.tenantId(), null, null, run.toHandOff);
        } catch (CanaryStepFailed e) {
            result = new CanaryResult(run.tenantId(), e.step(), e.reason(), run.toHandOff);
            if (run.siteBuilt && e.step() != CanaryStep.DEPROVISION) {
                cleanUp(run);
            }
        } catch (RuntimeException e) {
            // A defect, not a finding about the platform: still a failed run. Type and place only: a message
            // could quote a URL with a login key.
            StackTraceElement[] trace = e.getStackTrace();
            result = new CanaryResult(
                    run.tenantId(),
                    run.step,
                    "unexpected " + e.getClass().getName() + (trace.length > 0 ? " at " + trace[0] : ""),
                    run.toHandOff);
        }
        record(result);
        return result;
    }

    private void record(CanaryResult result) {
        if (result.toHandOff() != null) {
            metrics.handOff(result.toHandOff());
        }
        if (result.succeeded()) {
            metrics.succeeded();
            log.info(
                    "signup canary succeeded: tenant {} logged in on its site {} ms after the signup, deprovisioned",
                    result.tenantId(),
                    result.toHandOff().toMillis());
        } else {
            metrics.failed();
            log.warn(
                    "signup canary failed at step {} (tenant {}, {} failure(s) in a row): {}",
                    result.failedStep().label(),
                    result.tenantId() == null ? "none" : result.tenantId(),
                    metrics.consecutiveFailures(),
                    result.reason());
        }
    }

    private void deprovision(Run run) {
        run.step = CanaryStep.DEPROVISION;
        operatorApi.deprovision(
                run.posted.tenantId(),
                secret(properties.operatorTokenFile(), CanaryStep.DEPROVISION),
                properties.deprovisionTimeout());
    }

    /** A run that failed after its site was built still removes it; that failure is logged, the run already failed. */
    private void cleanUp(Run run) {
        try {
            deprovision(run);
        } catch (CanaryStepFailed e) {
            log.warn(
                    "signup canary: could not deprovision tenant {} after the failed run: {}",
                    run.tenantId(),
                    e.reason());
        }
    }

    /** The state of one run as it goes. */
    private final class Run {
        CanaryStep step = CanaryStep.SIGNUP;
        SignupApi.Posted posted;
        boolean siteBuilt;
        Duration toHandOff;

        UUID tenantId() {
            return posted == null ? null : posted.tenantId();
        }

        void signUpAndEnter() {
            Instant started = clock.instant();
            posted = signupApi.post(form(), secret(properties.canaryTokenFile(), CanaryStep.SIGNUP));
            step = CanaryStep.STATUS;
            SignupApi.Status status = followUntilCompleted(started.plus(properties.signupTimeout()), started);
            step = CanaryStep.HAND_OFF;
            var loginLink = signupApi.enter(posted, status.enterUrl());
            step = CanaryStep.SITE_LOGIN;
            siteLogin.logIn(loginLink, properties.emailAddress());
            toHandOff = Duration.between(started, clock.instant());
        }

        private SignupApi.Status followUntilCompleted(Instant deadline, Instant started) {
            boolean codeEntered = false;
            while (true) {
                SignupApi.Status status = signupApi.status(posted);
                siteBuilt |= status.siteBuilt();
                if (status.completed()) {
                    if (status.enterUrl() == null) {
                        throw new CanaryStepFailed(CanaryStep.STATUS, "the completed signup has no enterUrl");
                    }
                    return status;
                }
                if (status.failed()) {
                    throw new CanaryStepFailed(CanaryStep.STATUS, "the signup failed (" + status.failure() + ")");
                }
                if (status.awaitingVerification() && !codeEntered) {
                    enterCode(deadline, started);
                    codeEntered = true;
                    step = CanaryStep.STATUS;
                    continue;
                }
                if (!clock.instant().plus(properties.pollInterval()).isBefore(deadline)) {
                    throw new CanaryStepFailed(
                            CanaryStep.STATUS,
                            "not completed within " + properties.signupTimeout() + " (last status " + status.status()
                                    + ")");
                }
                Pause.of(properties.pollInterval(), CanaryStep.STATUS);
            }
        }

        private void enterCode(Instant deadline, Instant started) {
            step = CanaryStep.EMAIL_CODE;
            VerificationMailbox box = mailbox.orElseThrow(() -> new CanaryStepFailed(
                    CanaryStep.EMAIL_CODE,
                    "the signup awaits its email code but no mailbox is configured"
                            + " (benchline.operator.canary.mailbox.*)"));
            while (true) {
                Optional<String> code = box.newestCode(properties.emailAddress(), started);
                if (code.isPresent()) {
                    step = CanaryStep.VERIFY;
                    signupApi.verify(posted, code.get());
                    return;
                }
                if (!clock.instant().plus(properties.pollInterval()).isBefore(deadline)) {
                    throw new CanaryStepFailed(
                            CanaryStep.EMAIL_CODE, "no code mailed to " + properties.emailAddress() + " arrived");
                }
                Pause.of(properties.pollInterval(), CanaryStep.EMAIL_CODE);
            }
        }
    }

    private Map<String, Object> form() {
        String subdomain = "canary-" + HexFormat.of().formatHex(randomBytes(4));
        Map<String, Object> form = new LinkedHashMap<>();
        form.put("organization", "Benchline signup canary");
        form.put("subdomain", subdomain);
        form.put("email", properties.emailAddress());
        form.put("firstName", "Signup");
        form.put("lastName", "Canary");
        // Random and strong; the canary never needs it again (it enters through the one-time login).
        form.put("password", "Canary-" + Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(18)));
        form.put("plan", properties.plan());
        return form;
    }

    private static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    /** A credential from its file, read at each run so a rotated file is picked up; a missing file fails the step. */
    private static String secret(Path file, CanaryStep step) {
        try {
            String value = Files.readString(file).strip();
            if (value.isEmpty()) {
                throw new CanaryStepFailed(step, "the credential file " + file + " is empty");
            }
            return value;
        } catch (IOException e) {
            throw new CanaryStepFailed(
                    step,
                    "cannot read the credential file " + file + " ("
                            + e.getClass().getSimpleName() + ")");
        }
    }
}
