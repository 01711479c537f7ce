package io.benchline.signup.system;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A 503 that tells the client when to come back: {@code Retry-After} and a problem with a title and a detail in the
 * customer's terms. Each feature names its own reason by a subclass.
 */
public abstract class ServiceUnavailableException extends ErrorResponseException {

    protected ServiceUnavailableException(String title, String detail, long retryAfterSeconds) {
        super(HttpStatus.SERVICE_UNAVAILABLE, problem(title, detail), null);
        getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
    }

    private static ProblemDetail problem(String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, detail);
        problem.setTitle(title);
        return problem;
    }
}
