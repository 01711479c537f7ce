package io.benchline.signup.status;

import io.benchline.signup.access.StreamAccess;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * 401 without a token; 404 with a token that is not this signup's (or a signup that does not exist), so a stranger
 * learns nothing about which tenants exist.
 */
class SignupAccessDeniedException extends ErrorResponseException {

    SignupAccessDeniedException(StreamAccess.Verdict verdict) {
        super(statusFor(verdict), problem(verdict), null);
    }

    static SignupAccessDeniedException notFound() {
        return new SignupAccessDeniedException(StreamAccess.Verdict.DENIED);
    }

    private static HttpStatus statusFor(StreamAccess.Verdict verdict) {
        return verdict == StreamAccess.Verdict.MISSING ? HttpStatus.UNAUTHORIZED : HttpStatus.NOT_FOUND;
    }

    private static ProblemDetail problem(StreamAccess.Verdict verdict) {
        return verdict == StreamAccess.Verdict.MISSING
                ? ProblemDetail.forStatusAndDetail(
                        HttpStatus.UNAUTHORIZED,
                        "This signup's status is private: use the cookie or the token the signup response gave.")
                : ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No such signup.");
    }
}
