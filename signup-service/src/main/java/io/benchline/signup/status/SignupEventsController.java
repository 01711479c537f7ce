package io.benchline.signup.status;

import io.benchline.signup.access.StreamAccess;
import io.benchline.signup.system.ClientAddresses;
import io.benchline.signup.system.SignupProperties;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code GET /api/signups/{tenantId}/events}: one SSE event per step ({@code id} = step number), replaying what
 * the client missed after {@code Last-Event-ID}, heartbeat comments while nothing happens, and a final
 * {@code completed} or {@code failed} event. A stream always ends: once the signup is final and the client has
 * every step (whatever {@code Last-Event-ID} claims), after {@link StreamLimits#maxLifetime()}, or when its token
 * expires, or when the service stops ({@link StreamShutdown}: the client reconnects elsewhere). Streams share one Kafka-fed feed and one heartbeat clock ({@link Heartbeats}: spread over the interval, not
 * one burst), so ten thousand streams cost ten thousand subscriptions, not threads or consumers; {@link StreamSlots} caps how many are open.
 */
@RestController
class SignupEventsController {

    /** Marks the end of the steps inside the merged flux; never sent. */
    private static final ServerSentEvent<StatusResponse.StepView> END =
            ServerSentEvent.<StatusResponse.StepView>builder().comment("end").build();

    private final StatusView statuses;
    private final StreamAccess access;
    private final StreamSlots slots;
    private final ClientAddresses clients;
    private final StreamLimits limits;
    private final Clock clock;
    private final StageTimes stageTimes;
    private final Heartbeats heartbeats;
    private final StreamShutdown shutdown;

    SignupEventsController(
            StatusView statuses,
            StreamAccess access,
            StreamSlots slots,
            StreamLimits limits,
            SignupProperties properties,
            ClientAddresses clients,
            StageTimes stageTimes,
            StreamShutdown shutdown,
            Clock clock) {
        this.shutdown = shutdown;
        this.clients = clients;
        this.stageTimes = stageTimes;
        this.statuses = statuses;
        this.access = access;
        this.slots = slots;
        this.limits = limits;
        this.clock = clock;
        this.heartbeats = new Heartbeats(properties.heartbeat());
    }

    @GetMapping(path = "/api/signups/{tenantId}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    Flux<ServerSentEvent<StatusResponse.StepView>> events(
            @PathVariable UUID tenantId,
            @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
            ServerHttpRequest request) {
        StreamAccess.Verdict verdict = access.check(request, tenantId);
        if (!verdict.granted()) {
            return Flux.error(new SignupAccessDeniedException(verdict.outcome()));
        }
        Duration untilExpiry = Duration.between(clock.instant(), verdict.expiresAt());
        Duration lifetime = untilExpiry.compareTo(limits.maxLifetime()) < 0 ? untilExpiry : limits.maxLifetime();
        if (lifetime.compareTo(Duration.ofSeconds(1)) < 0) {
            lifetime = Duration.ofSeconds(1); // the token expires this very second: still show where things stand
        }
        String client = clients.keyOf(request);
        Duration maxLifetime = lifetime;
        return Flux.using(
                () -> slots.take(tenantId, client),
                slot -> Flux.merge(steps(tenantId, parse(lastEventId)).concatWith(Mono.just(END)), heartbeats.next())
                        .takeWhile(event -> event != END)
                        .take(maxLifetime)
                        .takeUntilOther(shutdown.signal()),
                StreamSlots.Slot::release);
    }

    /**
     * Refusals (401, 404, 429, 503) as problem+json: without this the stream's own SSE writer, which can write any
     * object, would send the problem as an event-stream frame to a client that asked for events.
     */
    @ExceptionHandler(ErrorResponseException.class)
    ResponseEntity<ProblemDetail> refused(ErrorResponseException refusal) {
        return ResponseEntity.status(refusal.getStatusCode())
                .headers(refusal.getHeaders())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(refusal.getBody());
    }

    /**
     * Every step after {@code after}, ending once a final status has been seen (a final status never changes).
     * Live changes are subscribed to before the stored status is read, so a step landing in between is not lost;
     * the cursor drops whatever was already sent.
     */
    private Flux<ServerSentEvent<StatusResponse.StepView>> steps(UUID tenantId, long after) {
        return Flux.defer(() -> {
            AtomicLong sent = new AtomicLong(after);
            return Flux.merge(
                            statuses.changes(tenantId),
                            Mono.fromCallable(() -> statuses.find(tenantId)).flatMap(Mono::justOrEmpty))
                    .takeUntil(SignupStatus::isTerminal)
                    .concatMapIterable(status -> {
                        List<SignupStatus.Step> unsent = status.steps().stream()
                                .filter(step -> step.id() > sent.get())
                                .toList();
                        if (unsent.isEmpty()) {
                            return List.<StatusResponse.StepView>of();
                        }
                        sent.set(unsent.get(unsent.size() - 1).id());
                        // Only the newest progress frame carries the estimate: older ones are history.
                        Long left = stageTimes.secondsLeft(status, clock.instant());
                        List<StatusResponse.StepView> views = new java.util.ArrayList<>();
                        for (SignupStatus.Step step : unsent) {
                            StatusResponse.StepView view = StatusResponse.StepView.of(step, tenantId);
                            boolean newest = step == unsent.get(unsent.size() - 1);
                            views.add(
                                    newest && left != null && SignupStatus.Step.PROGRESS.equals(step.kind())
                                            ? view.withEstimate(left)
                                            : view);
                        }
                        return views;
                    })
                    .map(view -> ServerSentEvent.builder(view)
                            .id(Long.toString(view.id()))
                            .event(view.event())
                            .build());
        });
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
