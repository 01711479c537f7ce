package io.benchline.signup.status;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** 429 when one signup or one client holds its maximum of streams, 503 when this instance does. */
class StreamLimitExceededException extends ErrorResponseException {

    private StreamLimitExceededException(HttpStatus status, String detail, long retryAfterSeconds) {
        super(status, problem(status, detail), null);
        getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
    }

    static StreamLimitExceededException perSignup(long retryAfterSeconds) {
        return new StreamLimitExceededException(
                HttpStatus.TOO_MANY_REQUESTS,
                "This signup is already being followed in too many windows; close one and try again.",
                retryAfterSeconds);
    }

    static StreamLimitExceededException perClient(long retryAfterSeconds) {
        return new StreamLimitExceededException(
                HttpStatus.TOO_MANY_REQUESTS,
                "Too many signup streams are open from your address; close one and try again.",
                retryAfterSeconds);
    }

    static StreamLimitExceededException perInstance(long retryAfterSeconds) {
        return new StreamLimitExceededException(
                HttpStatus.SERVICE_UNAVAILABLE,
                "Too many signups are being followed right now; please try again shortly.",
                retryAfterSeconds);
    }

    private static ProblemDetail problem(HttpStatus status, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle("Too many streams");
        return problem;
    }
}
