package io.benchline.signup.status;

import io.benchline.signup.access.StreamAccess;
import io.benchline.signup.system.SignupProperties;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code GET /api/signups/{tenantId}/events}: one SSE event per step ({@code id} = step number), replaying what
 * the client missed after {@code Last-Event-ID}, heartbeat comments while nothing happens, and a final
 * {@code completed} or {@code failed} event, after which the stream ends. Streams share one Kafka-fed feed
 * and one heartbeat clock, so ten thousand streams cost ten thousand subscriptions, not threads or consumers.
 */
@RestController
class SignupEventsController {

    private final StatusView statuses;
    private final StreamAccess access;
    private final Flux<ServerSentEvent<StatusResponse.StepView>> heartbeats;

    SignupEventsController(StatusView statuses, StreamAccess access, SignupProperties properties) {
        this.statuses = statuses;
        this.access = access;
        this.heartbeats = Flux.interval(properties.heartbeat())
                .map(tick -> ServerSentEvent.<StatusResponse.StepView>builder()
                        .comment("heartbeat")
                        .build())
                .share();
    }

    @GetMapping(path = "/api/signups/{tenantId}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    Flux<ServerSentEvent<StatusResponse.StepView>> events(
            @PathVariable UUID tenantId,
            @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
            ServerHttpRequest request) {
        StreamAccess.Verdict verdict = access.check(request, tenantId);
        if (verdict != StreamAccess.Verdict.GRANTED) {
            return Flux.error(new SignupAccessDeniedException(verdict));
        }
        return Flux.merge(steps(tenantId, parse(lastEventId)), heartbeats)
                .takeUntil(event -> event.event() != null && isFinal(event.event()));
    }

    /**
     * Live changes are subscribed to before the stored status is read, so a step landing in between is not lost;
     * the cursor drops whatever was already sent.
     */
    private Flux<ServerSentEvent<StatusResponse.StepView>> steps(UUID tenantId, long after) {
        return Flux.defer(() -> {
            AtomicLong sent = new AtomicLong(after);
            return Flux.merge(
                            statuses.changes(tenantId),
                            Mono.fromCallable(() -> statuses.find(tenantId)).flatMap(Mono::justOrEmpty))
                    .concatMapIterable(status -> {
                        List<SignupStatus.Step> unsent = status.steps().stream()
                                .filter(step -> step.id() > sent.get())
                                .toList();
                        if (!unsent.isEmpty()) {
                            sent.set(unsent.get(unsent.size() - 1).id());
                        }
                        return unsent;
                    })
                    .map(step -> ServerSentEvent.builder(StatusResponse.StepView.of(step))
                            .id(Long.toString(step.id()))
                            .event(step.kind())
                            .build());
        });
    }

    private static boolean isFinal(String eventName) {
        return SignupStatus.Step.COMPLETED.equals(eventName) || SignupStatus.Step.FAILED.equals(eventName);
    }

    private static long parse(String lastEventId) {
        if (lastEventId == null || lastEventId.isBlank()) {
            return 0;
        }
        try {
            return Math.max(0, Long.parseLong(lastEventId.strip()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
