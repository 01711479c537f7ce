package io.benchline.signup.intake;

import io.benchline.events.SecretPurpose;
import io.benchline.events.Signup;
import io.benchline.events.TenantRequested;
import io.benchline.platform.secrets.SealedField;
import io.benchline.platform.secrets.SealingContext;
import io.benchline.platform.secrets.SecretSealer;
import io.benchline.platform.secrets.SecretSealers;
import io.benchline.schemas.TrustedAvroPackages;
import io.benchline.signup.status.StatusView;
import io.benchline.signup.subdomain.SubdomainAvailability;
import io.benchline.signup.subdomain.SubdomainDerivation;
import io.benchline.signup.subdomain.SubdomainRegistry;
import io.benchline.signup.subdomain.SubdomainRegistry.ClaimOutcome;
import io.benchline.signup.subdomain.SubdomainRules;
import io.benchline.signup.subdomain.SubdomainUnavailableException;
import io.benchline.signup.system.SignupProperties;
import io.benchline.signup.verification.CodeMailer;
import io.benchline.signup.verification.VerificationCodes;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Accepts a valid signup: claims the subdomain (a derived one gets a random suffix when taken) with the password
 * sealed for the new tenant and that subdomain's site, and waits until this instance can show the new status, so
 * the client's first {@code GET} finds it.
 */
@Component
class SignupIntake {

    private static final Logger log = LoggerFactory.getLogger(SignupIntake.class);

    /** A derived name that is still taken after this many random suffixes means something else is wrong. */
    private static final int DERIVED_ATTEMPTS = 4;

    private final SubdomainRules rules;
    private final SubdomainDerivation derivation;
    private final SubdomainRegistry registry;
    private final StatusView statuses;
    private final SecretSealer passwords;
    private final SignupProperties properties;
    private final VerificationCodes codes;
    private final CodeMailer mailer;
    private final Clock clock;

    SignupIntake(
            SubdomainRules rules,
            SubdomainDerivation derivation,
            SubdomainRegistry registry,
            StatusView statuses,
            SecretSealers sealers,
            SignupProperties properties,
            VerificationCodes codes,
            CodeMailer mailer,
            Clock clock) {
        this.codes = codes;
        this.mailer = mailer;
        this.rules = rules;
        this.derivation = derivation;
        this.registry = registry;
        this.statuses = statuses;
        this.passwords = sealers.forPurpose(SecretPurpose.CUSTOMER_PASSWORD);
        this.properties = properties;
        this.clock = clock;
        // Avro 1.12 builds nested records only from trusted packages; do not rely on a serde having loaded first.
        TrustedAvroPackages.register();
    }

    Mono<TenantRequested> accept(ValidSignup signup, boolean synthetic) {
        if (statuses.inFlight() >= properties.maxInFlight()) {
            return Mono.error(new IntakePausedException(60));
        }
        UUID tenantId = UUID.randomUUID();
        Instant now = clock.instant();
        // The first code's hash goes with the claim; the code itself only into the mail, once the claim is accepted.
        VerificationCodes.IssuedCode code = properties.emailVerification().enabled() ? codes.issue(tenantId) : null;
        // The password is sealed per claimed name (see claim): its associated data binds the site's host.
        Signup.Builder accepted = Signup.newBuilder()
                .setOrganization(signup.organization())
                .setEmail(signup.email())
                .setFirstName(signup.firstName())
                .setLastName(signup.lastName())
                .setPlan(signup.plan())
                .setCountry(signup.country())
                .setTimezone(signup.timezone())
                .setCurrency(signup.currency())
                .setRequestedAt(now)
                .setDeadlineAt(now.plus(properties.deadline()))
                .setAttempt(1)
                .setEmailVerificationRequired(properties.emailVerification().enabled())
                .setSynthetic(synthetic);

        Mono<TenantRequested> claimed;
        if (signup.hasChosenSubdomain()) {
            String subdomain = signup.subdomain();
            if (rules.isReserved(subdomain)) {
                return Mono.error(new SubdomainUnavailableException(subdomain, SubdomainAvailability.Reason.RESERVED));
            }
            claimed = claim(tenantId, accepted, subdomain, signup, code)
                    .switchIfEmpty(Mono.error(
                            () -> new SubdomainUnavailableException(subdomain, SubdomainAvailability.Reason.TAKEN)));
        } else {
            String base = derivation.fromOrganization(signup.organization());
            claimed = Flux.range(0, DERIVED_ATTEMPTS)
                    .map(attempt -> attempt == 0 && !rules.isReserved(base) && !registry.isHeld(base)
                            ? base
                            : derivation.withSuffix(base))
                    .concatMap(subdomain -> claim(tenantId, accepted, subdomain, signup, code), 1)
                    .next()
                    .switchIfEmpty(Mono.error(
                            () -> new SubdomainUnavailableException(base, SubdomainAvailability.Reason.TAKEN)));
        }
        return claimed.doOnNext(request -> mail(request, code)).flatMap(this::untilVisible);
    }

    /**
     * Mails the first code without holding up the answer: a mail that fails is logged (without the code), and the
     * customer asks for another one.
     */
    private void mail(TenantRequested request, VerificationCodes.IssuedCode code) {
        if (code == null) {
            return;
        }
        mailer.send(
                        request.getTenantId(),
                        request.getSignup().getEmail(),
                        request.getSignup().getSubdomain(),
                        code.code())
                .onErrorResume(e -> Mono.empty())
                .subscribe();
    }

    /**
     * The request if the registry accepted it, empty if the name is taken. The password is sealed here, for the
     * tenant and the customer-facing host of this subdomain's site (the host of its {@code siteUrl}, which the
     * services that open it check is {@code <subdomain>.<a site domain>}); from here on only ciphertext travels.
     */
    private Mono<TenantRequested> claim(
            UUID tenantId,
            Signup.Builder signup,
            String subdomain,
            ValidSignup valid,
            VerificationCodes.IssuedCode code) {
        String siteUrl = properties.siteUrl(subdomain);
        SealingContext sealedFor =
                new SealingContext(tenantId, URI.create(siteUrl).getHost());
        TenantRequested request = TenantRequested.newBuilder()
                .setEventId(UUID.randomUUID())
                .setTenantId(tenantId)
                .setOccurredAt(clock.instant())
                .setSignup(Signup.newBuilder(signup)
                        .setSubdomain(subdomain)
                        .setSiteName(properties.siteName(subdomain))
                        .setSiteUrl(siteUrl)
                        .setPassword(passwords.seal(sealedFor, SealedField.PASSWORD, valid.password()))
                        .build())
                .build();
        return registry.claim(request, code == null ? null : code.hash())
                .filter(outcome -> outcome == ClaimOutcome.ACCEPTED)
                .map(outcome -> request);
    }

    private Mono<TenantRequested> untilVisible(TenantRequested request) {
        UUID tenantId = request.getTenantId();
        log.info(
                "signup {} accepted for subdomain {}",
                tenantId,
                request.getSignup().getSubdomain());
        return Flux.merge(
                        statuses.changes(tenantId),
                        Mono.fromCallable(() -> statuses.find(tenantId)).flatMap(Mono::justOrEmpty))
                .next()
                .timeout(properties.statusVisibilityTimeout(), Mono.empty())
                .thenReturn(request);
    }
}
