package io.benchline.signup.system;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * A token bucket (Bucket4j) per client address for {@code POST /api/signups}; an empty bucket answers 429 with
 * {@code Retry-After}. Buckets of quiet clients expire, so a flood of addresses cannot exhaust memory. Behind a
 * proxy, set {@code server.forward-headers-strategy} so the client's address, not the proxy's, is used.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
class ClientRateLimit implements WebFilter {

    private static final int MAX_TRACKED_CLIENTS = 100_000;

    private final SignupProperties.RateLimit limit;
    private final Cache<String, Bucket> buckets;
    private final ProblemWriter problems;

    ClientRateLimit(SignupProperties properties, ProblemWriter problems) {
        this.limit = properties.rateLimit();
        this.problems = problems;
        this.buckets = Caffeine.newBuilder()
                .maximumSize(MAX_TRACKED_CLIENTS)
                .expireAfterAccess(limit.period().multipliedBy(2))
                .build();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        var request = exchange.getRequest();
        if (request.getMethod() != HttpMethod.POST
                || !"/api/signups".equals(request.getPath().value())) {
            return chain.filter(exchange);
        }
        ConsumptionProbe probe =
                buckets.get(clientOf(exchange), client -> newBucket()).tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) {
            return chain.filter(exchange);
        }
        long retryAfter = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(probe.getNanosToWaitForRefill()) + 1);
        exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter));
        return problems.write(
                exchange,
                HttpStatus.TOO_MANY_REQUESTS,
                "Too many signups",
                "Too many signups from your address; try again in " + retryAfter + " s.");
    }

    private Bucket newBucket() {
        Duration period = limit.period();
        return Bucket.builder()
                .addLimit(bandwidth -> bandwidth.capacity(limit.capacity()).refillGreedy(limit.capacity(), period))
                .build();
    }

    private static String clientOf(ServerWebExchange exchange) {
        InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
        return remote == null || remote.getAddress() == null
                ? "unknown"
                : remote.getAddress().getHostAddress();
    }
}
