package io.benchline.signup;

import io.benchline.events.SecretPurpose;
import io.benchline.events.TenantRequested;
import io.benchline.platform.secrets.Keysets;
import io.benchline.platform.secrets.SecretSealers;
import io.benchline.platform.secrets.SecretsProperties;
import io.benchline.platform.sites.SiteAddressPolicy;
import io.benchline.signup.handoff.EntryTicket;
import io.benchline.signup.handoff.HandOffDesk;
import io.benchline.signup.status.SignupStatus;
import io.benchline.signup.status.StatusView;
import io.benchline.signup.subdomain.SubdomainRegistry;
import io.benchline.signup.system.ServiceReadiness;
import io.benchline.signup.system.SignupProperties;
import io.benchline.signup.verification.DeskAnswer;
import io.benchline.signup.verification.Verdict;
import io.benchline.signup.verification.VerificationDesk;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The web layer of signup-service with in-memory stand-ins for its two Kafka-backed ports (the registry and the
 * status view), for slice tests of the API's contract. The Kafka implementations are tested on a real broker.
 */
@TestConfiguration(proxyBeanMethods = false)
@EnableConfigurationProperties(SignupProperties.class)
@ComponentScan(
        basePackages = "io.benchline.signup",
        excludeFilters =
                @ComponentScan.Filter(type = FilterType.REGEX, pattern = "io\\.benchline\\.signup\\.messaging\\..*"))
public class WithoutKafka {

    @Bean
    InMemoryRegistry subdomainRegistry() {
        return new InMemoryRegistry();
    }

    @Bean
    InMemoryStatuses statusView() {
        return new InMemoryStatuses();
    }

    /** The stand-ins are ready at once. */
    @Bean
    ServiceReadiness serviceReadiness() {
        return () -> true;
    }

    @Bean
    SecretSealers secretSealers() {
        return new SecretSealers(new SecretsProperties(Map.of(
                SecretPurpose.CUSTOMER_PASSWORD, new SecretsProperties.KeysetSource(null, Keysets.generateJson()))));
    }

    /** Which site URLs the hand-off may redirect to, as the platform's auto-configuration would build it. */
    @Bean
    SiteAddressPolicy siteAddressPolicy() {
        return new SiteAddressPolicy(List.of("localhost"), true);
    }

    /** No verification or hand-off decisions without the topology: every tenant is unknown, nothing enterable. */
    @Bean
    NoDesk tenantDesk() {
        return new NoDesk();
    }

    public static class NoDesk implements VerificationDesk, HandOffDesk {

        @Override
        public Mono<DeskAnswer> check(UUID tenantId, String codeHash) {
            return Mono.just(new DeskAnswer(Verdict.UNKNOWN, null, 0, 0));
        }

        @Override
        public Mono<DeskAnswer> resend(UUID tenantId, String codeHash) {
            return Mono.just(new DeskAnswer(Verdict.UNKNOWN, null, 0, 0));
        }

        @Override
        public Mono<EntryTicket> enter(UUID tenantId) {
            return Mono.just(EntryTicket.notReady());
        }
    }

    /** First claim on a name wins, like the real registry on one partition. */
    public static class InMemoryRegistry implements SubdomainRegistry {
        public final Set<String> held = ConcurrentHashMap.newKeySet();
        public final Map<UUID, TenantRequested> requested = new ConcurrentHashMap<>();

        @Override
        public Mono<ClaimOutcome> claim(TenantRequested request, String emailCodeHash) {
            boolean won = held.add(request.getSignup().getSubdomain());
            if (won) {
                requested.put(request.getTenantId(), request);
            }
            return Mono.just(won ? ClaimOutcome.ACCEPTED : ClaimOutcome.TAKEN);
        }

        @Override
        public boolean isHeld(String subdomain) {
            return held.contains(subdomain);
        }
    }

    /** The statuses a test put here (no live changes); {@code inFlight} is what the test says is being provisioned. */
    public static class InMemoryStatuses implements StatusView {
        public final AtomicInteger inFlight = new AtomicInteger();
        public final Map<UUID, SignupStatus> statuses = new ConcurrentHashMap<>();

        @Override
        public Optional<SignupStatus> find(UUID tenantId) {
            return Optional.ofNullable(statuses.get(tenantId));
        }

        @Override
        public Flux<SignupStatus> changes(UUID tenantId) {
            return Flux.never();
        }

        @Override
        public int inFlight() {
            return inFlight.get();
        }
    }
}
