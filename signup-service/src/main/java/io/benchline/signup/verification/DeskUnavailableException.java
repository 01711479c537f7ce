package io.benchline.signup.verification;

import java.time.Duration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** No decision arrived in time (the topology is rebalancing or the broker is away): 503, try again shortly. */
public class DeskUnavailableException extends ErrorResponseException {

    public DeskUnavailableException(Duration waited) {
        super(HttpStatus.SERVICE_UNAVAILABLE, problem(), null);
        getHeaders().set(HttpHeaders.RETRY_AFTER, "5");
    }

    private static ProblemDetail problem() {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.SERVICE_UNAVAILABLE,
                "We could not process this right now; please try again in a few seconds.");
        problem.setTitle("Try again");
        return problem;
    }
}
