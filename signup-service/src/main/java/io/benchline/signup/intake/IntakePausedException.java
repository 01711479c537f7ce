package io.benchline.signup.intake;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** 503: so many signups are being provisioned that a new one would likely miss its deadline. */
class IntakePausedException extends ErrorResponseException {

    IntakePausedException(long retryAfterSeconds) {
        super(HttpStatus.SERVICE_UNAVAILABLE, problem(), null);
        getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
    }

    private static ProblemDetail problem() {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.SERVICE_UNAVAILABLE,
                "We are setting up many sites right now; please try again in a minute.");
        problem.setTitle("Signups paused");
        return problem;
    }
}
