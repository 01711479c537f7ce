package io.benchline.signup.intake;

import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** 400 naming every bad field and why; no field's value is echoed (one of them may be the password). */
class InvalidSignupException extends ErrorResponseException {

    InvalidSignupException(List<FieldProblem> problems) {
        super(HttpStatus.BAD_REQUEST, problem(problems), null);
    }

    private static ProblemDetail problem(List<FieldProblem> problems) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.BAD_REQUEST,
                "The signup has " + problems.size() + (problems.size() == 1 ? " invalid field." : " invalid fields."));
        problem.setTitle("Invalid signup");
        problem.setProperty("errors", problems);
        return problem;
    }

    record FieldProblem(String field, String message) {}
}
