package io.benchline.signup.system;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * 503 with {@code Retry-After} for every request while the instance is not ready ({@link ServiceReadiness}): the
 * web server opens before the registry and the stores can work, and a signup in that window must not fail with a
 * 500. The rate limit runs first, so a flood during start-up still counts. Actuator paths pass (they answer here
 * only when the management port is the server's, as in slice tests).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 30)
class RefuseUntilReady implements WebFilter {

    static final long RETRY_AFTER_SECONDS = 5;

    private final ServiceReadiness readiness;
    private final ProblemWriter problems;

    RefuseUntilReady(ServiceReadiness readiness, ProblemWriter problems) {
        this.readiness = readiness;
        this.problems = problems;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (readiness.isReady() || exchange.getRequest().getPath().value().startsWith("/actuator/")) {
            return chain.filter(exchange);
        }
        exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(RETRY_AFTER_SECONDS));
        return problems.write(
                exchange,
                HttpStatus.SERVICE_UNAVAILABLE,
                "Starting up",
                "Signups open in a few seconds; please try again in " + RETRY_AFTER_SECONDS + " s.");
    }
}
