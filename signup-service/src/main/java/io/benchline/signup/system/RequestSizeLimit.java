package io.benchline.signup.system;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Refuses a declared body over {@code benchline.signup.max-request-size} before reading it. Bodies without a
 * length are capped by the codecs' in-memory limit, set to the same size.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class RequestSizeLimit implements WebFilter {

    private final SignupProperties properties;
    private final ProblemWriter problems;

    RequestSizeLimit(SignupProperties properties, ProblemWriter problems) {
        this.properties = properties;
        this.problems = problems;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        long declared = exchange.getRequest().getHeaders().getContentLength();
        long maxBytes = properties.maxRequestSize().toBytes();
        if (declared > maxBytes) {
            return problems.write(
                    exchange,
                    HttpStatus.CONTENT_TOO_LARGE,
                    "Request too large",
                    "The request body is larger than this API accepts (" + maxBytes + " bytes).");
        }
        return chain.filter(exchange);
    }
}
