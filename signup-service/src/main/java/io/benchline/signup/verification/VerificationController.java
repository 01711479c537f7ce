package io.benchline.signup.verification;

import io.benchline.signup.access.StreamAccess;
import io.benchline.signup.status.SignupAccessDeniedException;
import io.benchline.signup.status.SignupStatus;
import io.benchline.signup.status.StatusView;
import io.benchline.signup.system.SignupProperties;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code POST /api/signups/{tenantId}/verification} {@code {"code":"123456"}} → 204 verified, 422 wrong, 429 too
 * many attempts, 410 expired, 404 unknown; {@code POST …/verification/resend} → 202 mailed, 429 cooldown (with
 * {@code Retry-After}) or no codes left, 410 window closed, 409 already verified. Both need the signup's stream
 * credential (401 without, 404 with someone else's). Any instance answers: the decision is the topology's.
 */
@RestController
class VerificationController {

    private static final Pattern CODE = Pattern.compile("[0-9]{6}");

    private final StreamAccess access;
    private final StatusView statuses;
    private final VerificationDesk desk;
    private final VerificationCodes codes;
    private final CodeMailer mailer;
    private final boolean enabled;

    VerificationController(
            StreamAccess access,
            StatusView statuses,
            VerificationDesk desk,
            VerificationCodes codes,
            CodeMailer mailer,
            SignupProperties properties) {
        this.access = access;
        this.statuses = statuses;
        this.desk = desk;
        this.codes = codes;
        this.mailer = mailer;
        this.enabled = properties.emailVerification().enabled();
    }

    /** The code, as the page sends it; {@code toString} never shows it. */
    record CodeRequest(String code) {
        @Override
        public String toString() {
            return "CodeRequest[code=redacted]";
        }
    }

    @PostMapping(path = "/api/signups/{tenantId}/verification", consumes = MediaType.APPLICATION_JSON_VALUE)
    Mono<ResponseEntity<Void>> verify(
            @PathVariable UUID tenantId, @RequestBody CodeRequest body, ServerHttpRequest request) {
        SignupStatus status = allowed(request, tenantId);
        String code = body == null || body.code() == null ? "" : body.code().strip();
        if (!CODE.matcher(code).matches()) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                    HttpStatus.BAD_REQUEST, "The code is the 6 digits we emailed you.");
            problem.setTitle("Invalid code");
            problem.setProperty("errors", List.of(Map.of("field", "code", "message", "must be 6 digits")));
            return Mono.error(new ErrorResponseException(HttpStatus.BAD_REQUEST, problem, null));
        }
        return desk.check(status.tenantId(), codes.hash(status.tenantId(), code))
                .map(answer -> switch (answer.verdict()) {
                    case VERIFIED, ALREADY_VERIFIED ->
                        ResponseEntity.noContent().build();
                    case WRONG ->
                        throw refusal(
                                HttpStatus.UNPROCESSABLE_CONTENT,
                                "Wrong code",
                                answer.attemptsLeft() > 0
                                        ? "That is not the code we emailed you. Please check it and try again."
                                        : "That is not the code we emailed you, and it was the last try for this code:"
                                                + " ask for a new code.",
                                Map.of("attemptsLeft", answer.attemptsLeft()));
                    case TOO_MANY_ATTEMPTS ->
                        throw refusal(
                                HttpStatus.TOO_MANY_REQUESTS,
                                "Too many attempts",
                                "This code was entered wrongly too often. Ask for a new code.",
                                Map.of("attemptsLeft", 0));
                    case CODE_EXPIRED ->
                        throw refusal(
                                HttpStatus.GONE,
                                "Code expired",
                                "This code has expired. Ask for a new code.",
                                Map.of());
                    case WINDOW_CLOSED -> throw windowClosed();
                    default -> throw SignupAccessDeniedException.notFound();
                });
    }

    @PostMapping("/api/signups/{tenantId}/verification/resend")
    Mono<ResponseEntity<Void>> resend(@PathVariable UUID tenantId, ServerHttpRequest request) {
        SignupStatus status = allowed(request, tenantId);
        VerificationCodes.IssuedCode code = codes.issue(status.tenantId());
        return desk.resend(status.tenantId(), code.hash()).flatMap(answer -> switch (answer.verdict()) {
            case SENT ->
                mailer.send(status.tenantId(), answer.email(), status.subdomain(), code.code())
                        .onErrorMap(e -> refusal(
                                HttpStatus.SERVICE_UNAVAILABLE,
                                "Mail not sent",
                                "We could not send the email just now. Please ask again in a minute.",
                                Map.of()))
                        .thenReturn(ResponseEntity.accepted().<Void>build());
            case COOLDOWN -> {
                ErrorResponseException wait = refusal(
                        HttpStatus.TOO_MANY_REQUESTS,
                        "Please wait",
                        "We sent a code a moment ago. You can ask for a new one in " + answer.retryAfterSeconds()
                                + " s.",
                        Map.of());
                wait.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(answer.retryAfterSeconds()));
                yield Mono.error(wait);
            }
            case TOO_MANY_CODES ->
                Mono.error(refusal(
                        HttpStatus.TOO_MANY_REQUESTS,
                        "No more codes",
                        "We have sent all the codes we can for this signup. Please use the latest one.",
                        Map.of()));
            case ALREADY_VERIFIED ->
                Mono.error(refusal(
                        HttpStatus.CONFLICT,
                        "Already confirmed",
                        "Your email address is already confirmed.",
                        Map.of()));
            case WINDOW_CLOSED -> Mono.error(windowClosed());
            default -> Mono.error(SignupAccessDeniedException.notFound());
        });
    }

    /** The caller holds this signup's credential and the signup exists with verification; else 401/404. */
    private SignupStatus allowed(ServerHttpRequest request, UUID tenantId) {
        StreamAccess.Verdict verdict = access.check(request, tenantId);
        if (!verdict.granted()) {
            throw new SignupAccessDeniedException(verdict.outcome());
        }
        if (!enabled) {
            throw SignupAccessDeniedException.notFound();
        }
        return statuses.find(tenantId).orElseThrow(SignupAccessDeniedException::notFound);
    }

    private static ErrorResponseException windowClosed() {
        return refusal(
                HttpStatus.GONE,
                "Too late",
                "Your email address was not confirmed in time and this signup has ended. Please sign up again.",
                Map.of());
    }

    private static ErrorResponseException refusal(
            HttpStatus status, String title, String detail, Map<String, Object> properties) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        properties.forEach(problem::setProperty);
        return new ErrorResponseException(status, problem, null);
    }
}
