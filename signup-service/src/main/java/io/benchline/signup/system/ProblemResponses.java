package io.benchline.signup.system;

import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import reactor.core.publisher.Mono;

/**
 * Every error as RFC 9457 {@code application/problem+json}. A body that could not be read is described without
 * echoing it (it may hold a password); a body over the size limit is 413, not 400.
 */
@RestControllerAdvice
class ProblemResponses extends ResponseEntityExceptionHandler {

    @Override
    protected Mono<ResponseEntity<Object>> handleServerWebInputException(
            ServerWebInputException ex,
            HttpHeaders headers,
            org.springframework.http.HttpStatusCode status,
            ServerWebExchange exchange) {
        if (causedByBodyLimit(ex)) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                    HttpStatus.CONTENT_TOO_LARGE, "The request body is larger than this API accepts.");
            problem.setTitle("Request too large");
            return Mono.just(ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(problem));
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.BAD_REQUEST, "The request body is not a valid JSON signup.");
        problem.setTitle("Unreadable request");
        return Mono.just(ResponseEntity.badRequest().body(problem));
    }

    private static boolean causedByBodyLimit(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof DataBufferLimitException) {
                return true;
            }
        }
        return false;
    }
}
