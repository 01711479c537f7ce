package io.benchline.signup.intake;

import io.benchline.events.TenantRequested;
import io.benchline.signup.access.StreamAccess;
import io.swagger.v3.oas.annotations.Parameter;
import java.net.URI;
import java.time.Instant;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** {@code POST /api/signups}: JSON only; 202 with the signup's URLs, a Location header and the stream cookie. */
@RestController
class SignupController {

    private final SignupValidation validation;
    private final SignupIntake intake;
    private final StreamAccess access;
    private final CanaryTag canary;

    SignupController(SignupValidation validation, SignupIntake intake, StreamAccess access, CanaryTag canary) {
        this.validation = validation;
        this.intake = intake;
        this.access = access;
        this.canary = canary;
    }

    @PostMapping(path = "/api/signups", consumes = MediaType.APPLICATION_JSON_VALUE)
    Mono<ResponseEntity<AcceptedSignup>> signUp(
            @RequestBody SignupRequest request,
            @Parameter(
                            description = "Only for Benchline's own signup canary: its credential marks the signup"
                                    + " synthetic; any other value is refused with 403")
                    @RequestHeader(name = CanaryTag.HEADER, required = false)
                    String canaryToken) {
        // Checked first: a refused canary tag changes nothing, not even a validation answer.
        boolean synthetic;
        try {
            synthetic = canary.synthetic(canaryToken);
        } catch (RuntimeException refused) {
            return Mono.error(refused);
        }
        // The strength estimate and the sealing are CPU work: keep them off the event loop.
        return Mono.fromCallable(() -> validation.validate(request))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(valid -> intake.accept(valid, synthetic))
                .map(this::accepted);
    }

    private ResponseEntity<AcceptedSignup> accepted(TenantRequested request) {
        UUID tenantId = request.getTenantId();
        Instant deadlineAt = request.getSignup().getDeadlineAt();
        String token = access.issue(tenantId, deadlineAt);
        String statusUrl = StreamAccess.signupPath(tenantId);
        String eventsUrl = statusUrl + "/events?" + StreamAccess.TOKEN_PARAMETER + "=" + token;
        return ResponseEntity.accepted()
                .location(URI.create(statusUrl))
                .header(
                        HttpHeaders.SET_COOKIE,
                        access.cookie(tenantId, deadlineAt, token).toString())
                .body(new AcceptedSignup(
                        tenantId,
                        request.getSignup().getSubdomain(),
                        request.getSignup().getSiteUrl(),
                        "accepted",
                        statusUrl,
                        eventsUrl));
    }
}
