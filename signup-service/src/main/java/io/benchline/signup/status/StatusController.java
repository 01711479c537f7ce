package io.benchline.signup.status;

import io.benchline.signup.access.StreamAccess;
import java.time.Clock;
import java.util.UUID;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/signups/{tenantId}}: the current status with the history of steps, for the signup's holder. */
@RestController
class StatusController {

    private final StatusView statuses;
    private final StreamAccess access;
    private final StageTimes stageTimes;
    private final Clock clock;

    StatusController(StatusView statuses, StreamAccess access, StageTimes stageTimes, Clock clock) {
        this.statuses = statuses;
        this.access = access;
        this.stageTimes = stageTimes;
        this.clock = clock;
    }

    @GetMapping("/api/signups/{tenantId}")
    StatusResponse status(@PathVariable UUID tenantId, ServerHttpRequest request) {
        StreamAccess.Verdict verdict = access.check(request, tenantId);
        if (!verdict.granted()) {
            throw new SignupAccessDeniedException(verdict.outcome());
        }
        return statuses.find(tenantId)
                .map(status -> StatusResponse.of(status, stageTimes.secondsLeft(status, clock.instant())))
                .orElseThrow(SignupAccessDeniedException::notFound);
    }
}
