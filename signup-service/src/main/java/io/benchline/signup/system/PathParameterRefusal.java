package io.benchline.signup.system;

import java.util.Locale;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * 400 for a path parameter ({@code ;name=value}, raw or percent-encoded) in any path: neither the API nor the page
 * has one, and a router that drops them while a filter compares paths is how limits get escaped. Runs after the
 * rate limit, so such a request still counts.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 25)
class PathParameterRefusal implements WebFilter {

    private final ProblemWriter problems;

    PathParameterRefusal(ProblemWriter problems) {
        this.problems = problems;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        // Any path, not only the raw "/api/" prefix: "/%61pi/signups;x=1" reaches the API too.
        String path = exchange.getRequest().getPath().value().toLowerCase(Locale.ROOT);
        if (path.contains(";") || path.contains("%3b")) {
            return problems.write(
                    exchange,
                    HttpStatus.BAD_REQUEST,
                    "Path parameters are not accepted",
                    "This API takes no ';' parameters in its paths.");
        }
        return chain.filter(exchange);
    }
}
