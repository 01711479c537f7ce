package io.benchline.provisioner.pool;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchline.provisioner.bench.SiteName;
import io.benchline.provisioner.hosts.BenchHost;
import io.benchline.provisioner.ssh.SshEndpoint;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The claim's ordering rule now that the version reading is appended without waiting (issue 20): the log judges a
 * claim by the host's latest reading BEFORE it, so the tenant's CLAIM is appended only once its own reading was
 * acknowledged, and not at all when the reading did not reach the log (the tenant builds cold, as when the versions
 * cannot be read). The signup's demand is never waited for. When the log already holds a reading of the host, the
 * fresh one is taken beside the run's ledger write of the standby, and the claim is made only if it still matches.
 */
class StandbyClaimsTests {

    private static final Instant T0 = Instant.parse("2026-11-28T06:00:00Z");
    private static final String FINGERPRINT = "erpnext 15.47.2, frappe 15.55.1";
    private static final String STANDBY = "0123456789ab.standby.invalid";
    private static final BenchHost HOST = new BenchHost(
            "bench-1",
            new SshEndpoint("bench-1", "bench-1.internal", 22, "frappe", Path.of("key"), Path.of("known_hosts"), null),
            "/home/frappe/frappe-bench",
            2,
            "example.com",
            null,
            true,
            "sudo service nginx reload",
            "bench");

    private final ScheduledExecutorService broker = Executors.newSingleThreadScheduledExecutor();
    private final PoolState state = new PoolState(Duration.ofSeconds(90), () -> {});
    private final RecordingLog standbyLog = new RecordingLog();
    private final UUID tenant = UUID.randomUUID();

    @AfterEach
    void stopBroker() {
        broker.shutdownNow();
    }

    @Test
    void theClaimIsAppendedOnlyAfterTheTenantsOwnVersionReadingWasAcknowledged() {
        StandbyClaims claims = claims();
        Optional<SiteName> candidate = claims.candidate(HOST, tenant);
        assertThat(candidate).contains(new SiteName(STANDBY));
        assertThat(standbyLog.events).containsExactly("sent DEMAND", "sent VERSIONS");

        // The broker acknowledges the reading only later: the claim waits for it instead of overtaking it.
        acknowledgeReadingAfter(300);
        claims.claim(HOST, candidate.get(), tenant);

        assertThat(standbyLog.events)
                .containsExactly("sent DEMAND", "sent VERSIONS", "acknowledged VERSIONS", "appended CLAIM");
    }

    @Test
    void aReadingThatDidNotReachTheLogMakesNoClaim() {
        StandbyClaims claims = claims();
        Optional<SiteName> candidate = claims.candidate(HOST, tenant);
        standbyLog.reading.completeExceptionally(new IllegalStateException("broker gone"));

        assertThat(claims.claim(HOST, candidate.orElseThrow(), tenant)).isEmpty();
        assertThat(standbyLog.events).containsExactly("sent DEMAND", "sent VERSIONS");
    }

    @Test
    void withAReadingOnTheLogTheCandidateIsHandedOutWhileTheFreshReadingIsStillBeingTaken() throws Exception {
        CompletableFuture<String> hostAnswers = new CompletableFuture<>();
        StandbyClaims claims = claims(host -> hostAnswers.join());
        apply(PoolRecord.versions(HOST.id(), FINGERPRINT, T0.plusSeconds(2)));

        // The run records the standby in its ledger meanwhile: the candidate does not wait for bench version.
        Optional<SiteName> candidate = CompletableFuture.supplyAsync(() -> claims.candidate(HOST, tenant))
                .get(10, TimeUnit.SECONDS);
        assertThat(candidate).contains(new SiteName(STANDBY));
        assertThat(standbyLog.events).containsExactly("sent DEMAND");

        broker.schedule(() -> hostAnswers.complete(FINGERPRINT), 200, TimeUnit.MILLISECONDS);
        acknowledgeReadingAfter(400);
        claims.claim(HOST, candidate.get(), tenant);

        assertThat(standbyLog.events)
                .containsExactly("sent DEMAND", "sent VERSIONS", "acknowledged VERSIONS", "appended CLAIM");
    }

    @Test
    void aFreshReadingThatNoLongerMatchesTheStandbyMakesNoClaimAndTheNextCandidateIsPickedByAFreshReading() {
        StandbyClaims claims = claims(host -> "erpnext 15.48.0, frappe 15.56.0");
        apply(PoolRecord.versions(HOST.id(), FINGERPRINT, T0.plusSeconds(2)));
        standbyLog.reading.complete(new StandbyLog.Position(0, 7));

        Optional<SiteName> candidate = claims.candidate(HOST, tenant);

        assertThat(claims.claim(HOST, candidate.orElseThrow(), tenant)).isEmpty();
        assertThat(standbyLog.events).containsExactly("sent DEMAND", "sent VERSIONS");
        // The log's reading is stale for this host: no standby is built on what it runs now.
        assertThat(claims.candidate(HOST, tenant)).isEmpty();
    }

    /** No reading on the log yet: the candidate is picked by a reading taken at once. */
    /** The broker acknowledges the VERSIONS reading only after {@code millis}. */
    private void acknowledgeReadingAfter(long millis) {
        broker.schedule(
                () -> {
                    standbyLog.events.add("acknowledged VERSIONS");
                    standbyLog.reading.complete(new StandbyLog.Position(0, 7));
                },
                millis,
                TimeUnit.MILLISECONDS);
    }

    private StandbyClaims claims() {
        return claims(host -> FINGERPRINT);
    }

    private StandbyClaims claims(Function<BenchHost, String> versionReader) {
        apply(PoolRecord.standby(HOST.id(), STANDBY, PoolRecord.State.BUILDING, FINGERPRINT, T0));
        apply(PoolRecord.ready(HOST.id(), STANDBY, FINGERPRINT, new byte[] {1}, new byte[] {2}, T0.plusSeconds(1), 1));
        PoolProperties properties = new PoolProperties(
                true,
                "provisioner.standby",
                "provisioner.pool",
                4,
                16,
                1,
                1.65,
                Duration.ofMinutes(15),
                0,
                Duration.ofMinutes(4),
                Duration.ofSeconds(30),
                Duration.ofSeconds(90),
                1,
                Duration.ofSeconds(1),
                Duration.ofSeconds(10),
                List.of());
        // No sealing and no metrics: the recording log never applies a claim, so no standby key is ever opened.
        return new StandbyClaims(
                properties,
                standbyLog,
                state,
                null,
                null,
                versionReader,
                Clock.fixed(T0.plusSeconds(3), ZoneOffset.UTC));
    }

    private void apply(PoolRecord record) {
        state.apply(record.key(), record);
    }

    /** Records what reaches the log, in order; the version reading's acknowledgement is the test's to give. */
    private static final class RecordingLog implements StandbyLog {

        final List<String> events = new CopyOnWriteArrayList<>();
        final CompletableFuture<Position> reading = new CompletableFuture<>();

        @Override
        public void start(Applier applier) {}

        @Override
        public Position append(PoolRecord record) {
            events.add("appended " + record.kind());
            return new Position(0, 8);
        }

        @Override
        public CompletableFuture<Position> appendWithoutWaiting(PoolRecord record) {
            events.add("sent " + record.kind());
            return record.kind() == PoolRecord.Kind.VERSIONS
                    ? reading
                    : CompletableFuture.completedFuture(new Position(0, 6));
        }

        @Override
        public void forget(String host, String key) {}

        @Override
        public boolean awaitApplied(Position position, Duration timeout) {
            return false;
        }

        @Override
        public boolean caughtUp() {
            return true;
        }

        @Override
        public boolean owns(String host) {
            return false;
        }
    }
}
