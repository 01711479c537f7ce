package io.benchline.operator.api;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A refused /ops request, answered as {@code application/problem+json} by Boot's problem-details handler. */
final class OpsProblem extends ErrorResponseException {

    private OpsProblem(HttpStatus status, String detail) {
        super(status, ProblemDetail.forStatusAndDetail(status, detail), null);
    }

    static OpsProblem badRequest(String detail) {
        return new OpsProblem(HttpStatus.BAD_REQUEST, detail);
    }

    static OpsProblem forbidden(String detail) {
        return new OpsProblem(HttpStatus.FORBIDDEN, detail);
    }

    static OpsProblem notFound(String tenantId) {
        return new OpsProblem(HttpStatus.NOT_FOUND, "no signup or tenant " + tenantId + " is known");
    }

    static OpsProblem notApplicable(String detail) {
        return new OpsProblem(HttpStatus.CONFLICT, detail);
    }

    static OpsProblem keyReused(String detail) {
        return new OpsProblem(HttpStatus.UNPROCESSABLE_CONTENT, detail);
    }

    static OpsProblem notReady() {
        return new OpsProblem(
                HttpStatus.SERVICE_UNAVAILABLE, "this instance is still reading the tenant view; try again shortly");
    }

    static OpsProblem unavailable(String detail) {
        return new OpsProblem(HttpStatus.SERVICE_UNAVAILABLE, detail);
    }
}
