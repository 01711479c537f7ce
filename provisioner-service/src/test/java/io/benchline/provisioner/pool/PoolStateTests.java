package io.benchline.provisioner.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The claim rule every instance applies in log order: the first claim of a ready standby wins, later ones and claims
 * after a retirement lose, a retirement after a claim changes nothing, and a standby is claimable only on the host's
 * latest version reading, taken at most {@code fingerprintMaxAge} before the claim.
 */
class PoolStateTests {

    private static final Instant T0 = Instant.parse("2026-11-28T06:00:00Z");
    private static final String HOST = "bench-1";
    private static final String S = "0123456789ab.standby.invalid";
    private static final UUID FIRST = UUID.randomUUID();
    private static final UUID SECOND = UUID.randomUUID();

    private final AtomicInteger claims = new AtomicInteger();
    private final PoolState state = new PoolState(Duration.ofSeconds(90), claims::incrementAndGet);

    @Test
    void theFirstClaimInLogOrderWinsAndEveryLaterOneLoses() {
        ready("erpnext 15.47.2, frappe 15.55.1");
        apply(PoolRecord.claim(HOST, S, FIRST, T0.plusSeconds(2)));
        apply(PoolRecord.claim(HOST, S, SECOND, T0.plusSeconds(2)));

        assertThat(state.find(HOST, S).orElseThrow().claimedBy()).isEqualTo(FIRST);
        assertThat(state.candidate(HOST, "erpnext 15.47.2, frappe 15.55.1")).isEmpty();
        assertThat(claims).hasValue(1);
    }

    @Test
    void aStandbyBuiltOnOtherVersionsThanTheLatestReadingIsNeverClaimed() {
        ready("erpnext 15.47.2, frappe 15.55.1");
        apply(PoolRecord.versions(HOST, "erpnext 15.48.0, frappe 15.55.1", T0.plusSeconds(3)));
        apply(PoolRecord.claim(HOST, S, FIRST, T0.plusSeconds(4)));

        assertThat(state.find(HOST, S).orElseThrow().claimedBy()).isNull();
        assertThat(state.candidate(HOST, "erpnext 15.48.0, frappe 15.55.1")).isEmpty();
    }

    @Test
    void aClaimAfterTheVersionReadingGrewTooOldLoses() {
        ready("erpnext 15.47.2, frappe 15.55.1");
        apply(PoolRecord.claim(HOST, S, FIRST, T0.plusSeconds(91)));

        assertThat(state.find(HOST, S).orElseThrow().claimedBy()).isNull();
    }

    @Test
    void aRetirementBeforeAClaimWinsAndOneAfterItChangesNothing() {
        ready("v1");
        apply(PoolRecord.retire(HOST, S, T0.plusSeconds(2)));
        apply(PoolRecord.claim(HOST, S, FIRST, T0.plusSeconds(3)));
        assertThat(state.find(HOST, S).orElseThrow().claimedBy()).isNull();
        assertThat(state.find(HOST, S).orElseThrow().retired()).isTrue();

        PoolState other = new PoolState(Duration.ofSeconds(90), () -> {});
        other.apply(PoolRecord.versions(HOST, "v1", T0).key(), PoolRecord.versions(HOST, "v1", T0));
        PoolRecord building = PoolRecord.standby(HOST, S, PoolRecord.State.BUILDING, "v1", T0);
        other.apply(building.key(), building);
        PoolRecord ready = PoolRecord.ready(HOST, S, "v1", new byte[] {1}, new byte[] {2}, T0, 1000);
        other.apply(ready.key(), ready);
        PoolRecord claim = PoolRecord.claim(HOST, S, FIRST, T0.plusSeconds(2));
        other.apply(claim.key(), claim);
        PoolRecord retire = PoolRecord.retire(HOST, S, T0.plusSeconds(3));
        other.apply(retire.key(), retire);
        assertThat(other.find(HOST, S).orElseThrow().claimedBy()).isEqualTo(FIRST);
        assertThat(other.find(HOST, S).orElseThrow().retired()).isFalse();
    }

    @Test
    void theOwnersClaimedRecordKeepsTheDecisionOnceTheClaimRecordsAreCompactedAway() {
        ready("v1");
        apply(PoolRecord.claim(HOST, S, FIRST, T0.plusSeconds(2)));
        PoolRecord claimed = PoolRecord.claimed(state.find(HOST, S).orElseThrow(), T0.plusSeconds(3));

        // A replay after compaction: the READY and CLAIM records are gone, the CLAIMED one is what is left.
        PoolState replayed = new PoolState(Duration.ofSeconds(90), () -> {});
        replayed.apply(claimed.key(), claimed);
        PoolRecord late = PoolRecord.claim(HOST, S, SECOND, T0.plusSeconds(4));
        replayed.apply(late.key(), late);

        assertThat(replayed.find(HOST, S).orElseThrow().claimedBy()).isEqualTo(FIRST);
        assertThat(replayed.find(HOST, S).orElseThrow().apiKey()).containsExactly(1);
    }

    @Test
    void buildingAndReadyStandbysCountTowardTheTargetAndTheRateComesFromDemand() {
        ready("v1");
        PoolRecord building =
                PoolRecord.standby(HOST, "ba9876543210.standby.invalid", PoolRecord.State.BUILDING, "v1", T0);
        apply(building);
        apply(PoolRecord.demand(HOST, FIRST, T0));
        apply(PoolRecord.demand(HOST, SECOND, T0.plusSeconds(30)));

        assertThat(state.size(HOST)).isEqualTo(2);
        assertThat(state.count(HOST, PoolRecord.State.READY)).isEqualTo(1);
        assertThat(state.demandSince(HOST, T0.plusSeconds(10))).isEqualTo(1);
        assertThat(state.buildTime(HOST)).contains(Duration.ofSeconds(1));
    }

    @Test
    void aClaimedStandbyLeavesThePoolAndStaysFindableForItsKeeperUntilDropped() {
        ready("v1");
        String other = "ba9876543210.standby.invalid";
        apply(PoolRecord.standby(HOST, other, PoolRecord.State.BUILDING, "v1", T0));
        assertThat(state.anyClaimable(HOST)).isTrue();

        apply(PoolRecord.claim(HOST, S, FIRST, T0.plusSeconds(2)));

        assertThat(state.anyClaimable(HOST)).isFalse();
        assertThat(state.size(HOST)).isEqualTo(1);
        assertThat(state.unclaimed(HOST)).extracting(PoolState.Standby::name).containsExactly(other);
        assertThat(state.claimed(HOST, s -> true))
                .extracting(PoolState.Standby::claimedBy)
                .containsExactly(FIRST);
        assertThat(state.find(HOST, S).orElseThrow().claimedBy()).isEqualTo(FIRST);

        apply(PoolRecord.claimed(state.find(HOST, S).orElseThrow(), T0.plusSeconds(3)));
        assertThat(state.claimed(HOST, PoolState.Standby::claimRecorded))
                .extracting(PoolState.Standby::name)
                .containsExactly(S);
        assertThat(state.unclaimed(HOST)).extracting(PoolState.Standby::name).containsExactly(other);

        apply(PoolRecord.standby(HOST, S, PoolRecord.State.DROPPED, "v1", T0.plusSeconds(4)));
        assertThat(state.find(HOST, S)).isEmpty();
        assertThat(state.claimed(HOST, s -> true)).isEmpty();
    }

    private void ready(String fingerprint) {
        apply(PoolRecord.versions(HOST, fingerprint, T0));
        apply(PoolRecord.standby(HOST, S, PoolRecord.State.BUILDING, fingerprint, T0));
        apply(PoolRecord.ready(HOST, S, fingerprint, new byte[] {1}, new byte[] {2}, T0.plusSeconds(1), 1000));
    }

    private void apply(PoolRecord record) {
        state.apply(record.key(), record);
    }
}
