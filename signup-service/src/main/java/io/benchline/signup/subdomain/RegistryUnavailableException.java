package io.benchline.signup.subdomain;

import java.time.Duration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The registry gave no decision in time; the signup was not accepted and may be sent again. */
public class RegistryUnavailableException extends ErrorResponseException {

    public RegistryUnavailableException(Duration retryAfter) {
        super(HttpStatus.SERVICE_UNAVAILABLE, problem(), null);
        getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, retryAfter.toSeconds())));
    }

    private static ProblemDetail problem() {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.SERVICE_UNAVAILABLE, "The subdomain registry did not answer in time; please try again.");
        problem.setTitle("Signups are briefly unavailable");
        return problem;
    }
}
