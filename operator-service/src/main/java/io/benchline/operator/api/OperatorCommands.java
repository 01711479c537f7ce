package io.benchline.operator.api;

import io.benchline.events.OperatorCommandIssued;
import io.benchline.operator.tenant.TenantSnapshot;
import io.benchline.operator.view.IssuedCommands;
import io.benchline.operator.view.TenantView;
import io.benchline.platform.kafka.EventPublisher;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Turns an accepted request into an {@code OperatorCommandIssued} on Kafka, at most once per commandId: a repeated
 * Idempotency-Key is answered from the commands every instance follows; a new command is checked against the
 * tenant's state in the view and published, and the answer waits for the broker's acknowledgement.
 */
@Component
class OperatorCommands {

    private static final Logger log = LoggerFactory.getLogger(OperatorCommands.class);
    private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(30);
    private static final int STRIPES = 64;

    private final TenantView tenants;
    private final IssuedCommands issued;
    private final EventPublisher publisher;
    private final MeterRegistry meters;
    private final Clock clock;
    /** Two identical requests on this instance at once: the second waits and then sees the first's command. */
    private final Object[] stripes = new Object[STRIPES];

    OperatorCommands(
            TenantView tenants, IssuedCommands issued, EventPublisher publisher, MeterRegistry meters, Clock clock) {
        this.tenants = tenants;
        this.issued = issued;
        this.publisher = publisher;
        this.meters = meters;
        this.clock = clock;
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Object();
        }
    }

    /** Blocks on the broker, so it runs off the event loop. */
    Mono<CommandAccepted> issue(CommandRequest request) {
        return Mono.fromCallable(() -> issueOrUnavailable(request)).subscribeOn(Schedulers.boundedElastic());
    }

    /** The views wait for the broker's committed ends; a broker out of reach is a 503 the client may repeat. */
    private CommandAccepted issueOrUnavailable(CommandRequest request) {
        try {
            return issueNow(request);
        } catch (IllegalStateException e) {
            log.error("Cannot check command {} against the view", request.commandId(), e);
            throw OpsProblem.unavailable(
                    "Kafka cannot be reached to check the request; repeat it with the same Idempotency-Key");
        }
    }

    private CommandAccepted issueNow(CommandRequest request) {
        UUID commandId = request.commandId();
        synchronized (stripes[Math.floorMod(commandId.hashCode(), STRIPES)]) {
            Optional<OperatorCommandIssued> earlier = issued.find(commandId);
            if (earlier.isPresent()) {
                if (!request.sameAs(earlier.get())) {
                    throw OpsProblem.keyReused("Idempotency-Key " + request.idempotencyKey()
                            + " was used for a different "
                            + request.action().name().toLowerCase(Locale.ROOT)
                            + " request on this tenant; use a new key for a new request");
                }
                return CommandAccepted.of(request);
            }
            TenantSnapshot tenant = tenants.findLatest(request.tenantId().toString())
                    .orElseThrow(() -> OpsProblem.notFound(request.tenantId().toString()));
            String plan = request.plan() == null ? null : request.plan().name().toLowerCase(Locale.ROOT);
            CommandRules.refusal(request.action(), tenant, plan, clock.instant())
                    .ifPresent(why -> {
                        throw OpsProblem.notApplicable(why);
                    });
            publish(toEvent(request, commandId));
            counter(request).increment();
            log.info(
                    "Issued {} {} for tenant {} by {}",
                    request.action(),
                    commandId,
                    request.tenantId(),
                    request.operator());
            return CommandAccepted.of(request);
        }
    }

    private OperatorCommandIssued toEvent(CommandRequest request, UUID commandId) {
        return OperatorCommandIssued.newBuilder()
                .setEventId(UUID.randomUUID())
                .setTenantId(request.tenantId())
                .setOccurredAt(clock.instant())
                .setCommandId(commandId)
                .setAction(request.action())
                .setOperator(request.operator())
                .setReason(request.reason())
                .setIdempotencyKey(request.idempotencyKey())
                .setPlan(request.plan())
                .setSuspensionReason(request.suspensionReason())
                .setGraceSeconds(request.graceSeconds())
                .build();
    }

    private void publish(OperatorCommandIssued command) {
        try {
            publisher.publish(command).get(PUBLISH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw OpsProblem.unavailable("interrupted before the command was acknowledged; repeat the request");
        } catch (ExecutionException | TimeoutException e) {
            log.error("Cannot publish command {}", command.getCommandId(), e);
            throw OpsProblem.unavailable(
                    "the command could not be published; repeat the request with the same Idempotency-Key");
        }
    }

    private Counter counter(CommandRequest request) {
        return Counter.builder("benchline.operator.commands")
                .description("Operator commands published to tenant.operator-commands")
                .tag("action", request.action().name().toLowerCase(Locale.ROOT))
                .register(meters);
    }
}
