package io.benchline.signup;

import static org.awaitility.Awaitility.await;

import io.benchline.platform.kafka.EventPublisher;
import io.benchline.platform.ports.FreePorts;
import io.benchline.platform.secrets.Keysets;
import io.benchline.testing.RunningService;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * One running signup-service instance on the test broker, with its own port and state directory. Instances started
 * here share the password keyset and the stream-token key, as the instances of one deployment do.
 */
final class SignupInstance implements AutoCloseable {

    static final String PASSWORD_KEYSET = Keysets.generateJson();
    static final String TOKEN_KEY = randomKey();

    private final RunningService service;

    private SignupInstance(RunningService service) {
        this.service = service;
    }

    static SignupInstance start(Path stateDir, Map<String, Object> overrides) {
        SignupInstance instance = launch(stateDir, overrides);
        instance.awaitRunning();
        return instance;
    }

    /** Starts an instance and returns as soon as its context is up, without waiting until it is ready. */
    static SignupInstance launch(Path stateDir, Map<String, Object> overrides) {
        Map<String, Object> properties = new HashMap<>(testProperties(stateDir));
        properties.putAll(overrides);
        return new SignupInstance(RunningService.start(
                new Class<?>[] {SignupApplication.class, IsolatedNettyResources.class}, properties));
    }

    /** Fast clocks for tests: short heartbeats, sweeps and grace; a generous rate limit; the shared secrets. */
    static Map<String, Object> testProperties(Path stateDir) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("spring.kafka.streams.state-dir", stateDir.toString());
        properties.put("spring.kafka.streams.properties.session.timeout.ms", "6000");
        properties.put("spring.kafka.streams.properties.commit.interval.ms", "50");
        properties.put("benchline.secrets.keysets.customer-password.json", PASSWORD_KEYSET);
        properties.put("benchline.signup.stream-access.token-key", TOKEN_KEY);
        properties.put("benchline.signup.stream-access.secure-cookie", "false");
        properties.put("benchline.signup.heartbeat", "300ms");
        properties.put("benchline.signup.deadline-sweep-interval", "200ms");
        properties.put("benchline.signup.deadline-grace", "500ms");
        properties.put("benchline.signup.rate-limit.capacity", "10000");
        properties.put("benchline.signup.rate-limit.global-capacity", "10000");
        properties.put("benchline.signup.rate-limit.subdomain-check-capacity", "10000");
        // Not 0: equal to server.port (0) it would mean "the same port". A free port of its own, as in production.
        properties.put("management.server.port", FreePorts.take());
        return properties;
    }

    int port() {
        return service.port();
    }

    String baseUrl() {
        return "http://localhost:" + port();
    }

    int managementPort() {
        return Integer.parseInt(service.property("local.management.port"));
    }

    WebTestClient client() {
        return WebTestClient.bindToServer()
                .baseUrl(baseUrl())
                .responseTimeout(Duration.ofSeconds(30))
                .build();
    }

    <T> T bean(Class<T> type) {
        return service.bean(type);
    }

    /** Publishes {@code event} through this instance's producer, as the pipeline's services would, and waits for it. */
    void publish(SpecificRecord event) {
        try {
            bean(EventPublisher.class).publish(event).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Until the readiness group is UP: the registry can take a claim and the status stores answer. */
    void awaitRunning() {
        WebTestClient management = WebTestClient.bindToServer()
                .baseUrl("http://localhost:" + managementPort())
                .build();
        await().atMost(Duration.ofSeconds(60))
                .until(() -> management
                        .get()
                        .uri("/actuator/health/readiness")
                        .exchange()
                        .returnResult(String.class)
                        .getStatus()
                        .is2xxSuccessful());
    }

    @Override
    public void close() {
        service.close();
    }

    private static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
