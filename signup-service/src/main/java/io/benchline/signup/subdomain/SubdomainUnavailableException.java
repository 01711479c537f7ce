package io.benchline.signup.subdomain;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** 409: the requested subdomain is held by another tenant or reserved for the platform. */
public class SubdomainUnavailableException extends ErrorResponseException {

    public SubdomainUnavailableException(String subdomain, SubdomainAvailability.Reason reason) {
        super(HttpStatus.CONFLICT, problem(subdomain, reason), null);
    }

    private static ProblemDetail problem(String subdomain, SubdomainAvailability.Reason reason) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.CONFLICT,
                reason == SubdomainAvailability.Reason.RESERVED
                        ? "The subdomain '" + subdomain + "' is reserved; please choose another."
                        : "The subdomain '" + subdomain + "' is already taken; please choose another.");
        problem.setTitle("Subdomain not available");
        problem.setProperty("subdomain", subdomain);
        problem.setProperty("reason", reason.name().toLowerCase(java.util.Locale.ROOT));
        return problem;
    }
}
