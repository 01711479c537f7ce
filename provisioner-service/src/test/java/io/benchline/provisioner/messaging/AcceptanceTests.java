package io.benchline.provisioner.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.benchline.events.Signup;
import io.benchline.events.TenantRequested;
import io.benchline.provisioner.provisioning.LedgerEntry;
import io.benchline.schemas.SampleEvents;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.junit.jupiter.api.Test;

/**
 * The accepted entry's acknowledgement is waited for beside the run, not before it: the run starts at once, and the
 * listener returns (its offset may be committed) only once Kafka has the entry.
 */
class AcceptanceTests {

    private final CompletableFuture<Void> acknowledged = new CompletableFuture<>();
    private final List<LedgerEntry> written = new CopyOnWriteArrayList<>();
    private final List<LedgerEntry> started = new CopyOnWriteArrayList<>();
    private final List<UUID> stopped = new CopyOnWriteArrayList<>();
    private final Acceptance acceptance = new Acceptance(
            entry -> {
                written.add(entry);
                return acknowledged;
            },
            started::add,
            (tenantId, wait) -> stopped.add(tenantId),
            Duration.ofSeconds(30),
            Duration.ofSeconds(30));

    @Test
    void theRunStartsWhileTheEntryIsAcknowledgedAndTheListenerReturnsOnlyAfter() {
        LedgerEntry accepted = accepted();
        CompletableFuture<Void> listener = CompletableFuture.runAsync(() -> acceptance.accept(accepted));

        await().atMost(Duration.ofSeconds(10)).until(() -> started.contains(accepted));
        assertThat(written).containsExactly(accepted);
        assertThat(listener).isNotDone();

        acknowledged.complete(null);
        await().atMost(Duration.ofSeconds(10)).until(listener::isDone);
        assertThat(listener).isCompleted();
        assertThat(stopped).isEmpty();
    }

    @Test
    void aRefusedEntryStopsTheRunAndFailsTheRecord() {
        LedgerEntry accepted = accepted();
        acknowledged.completeExceptionally(new NotEnoughReplicasException("refused"));

        assertThatThrownBy(() -> acceptance.accept(accepted))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not acknowledged")
                .hasCauseInstanceOf(NotEnoughReplicasException.class);
        assertThat(stopped).containsExactly(accepted.tenantId());
    }

    private static LedgerEntry accepted() {
        Instant now = Instant.now();
        Signup signup = SampleEvents.signup("acme");
        signup.setRequestedAt(now);
        signup.setDeadlineAt(now.plus(Duration.ofMinutes(10)));
        TenantRequested request = TenantRequested.newBuilder()
                .setEventId(UUID.randomUUID())
                .setTenantId(UUID.randomUUID())
                .setOccurredAt(now)
                .setSignup(signup)
                .build();
        return LedgerEntry.accepted(request, 0, now);
    }
}
