package io.benchline.signup.status;

import io.benchline.signup.access.StreamAccess;
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

    StatusController(StatusView statuses, StreamAccess access) {
        this.statuses = statuses;
        this.access = access;
    }

    @GetMapping("/api/signups/{tenantId}")
    StatusResponse status(@PathVariable UUID tenantId, ServerHttpRequest request) {
        StreamAccess.Verdict verdict = access.check(request, tenantId);
        if (!verdict.granted()) {
            throw new SignupAccessDeniedException(verdict.outcome());
        }
        return statuses.find(tenantId).map(StatusResponse::of).orElseThrow(SignupAccessDeniedException::notFound);
    }
}
