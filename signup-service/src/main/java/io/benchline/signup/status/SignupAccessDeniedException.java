package io.benchline.signup.status;

import io.benchline.signup.access.StreamAccess;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * 401 without a usable token (none, malformed, expired, unknown key); 404 with a token that is not this signup's
 * (or a signup that does not exist), so a stranger learns nothing about which tenants exist.
 */
public class SignupAccessDeniedException extends ErrorResponseException {

    public SignupAccessDeniedException(StreamAccess.Verdict.Outcome outcome) {
        super(statusFor(outcome), problem(outcome), null);
    }

    public static SignupAccessDeniedException notFound() {
        return new SignupAccessDeniedException(StreamAccess.Verdict.Outcome.DENIED);
    }

    private static HttpStatus statusFor(StreamAccess.Verdict.Outcome outcome) {
        return outcome == StreamAccess.Verdict.Outcome.UNAUTHENTICATED ? HttpStatus.UNAUTHORIZED : HttpStatus.NOT_FOUND;
    }

    private static ProblemDetail problem(StreamAccess.Verdict.Outcome outcome) {
        return outcome == StreamAccess.Verdict.Outcome.UNAUTHENTICATED
                ? ProblemDetail.forStatusAndDetail(
                        HttpStatus.UNAUTHORIZED,
                        "This signup's status is private: use the cookie or the token the signup response gave"
                                + " (it expires shortly after the signup's deadline).")
                : ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No such signup.");
    }
}
