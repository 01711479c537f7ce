package io.benchline.signup.system;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
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
 * Rate limits on the two routes an anonymous client can make us work for, matched as the dispatcher matches them
 * ({@link MatchedRoute}): {@code POST /api/signups} per client and across all clients (each accepted signup costs
 * minutes of a bench host), and the live check {@code GET /api/subdomains/{name}} per client. An empty bucket
 * answers 429 with {@code Retry-After}. Clients are told apart by {@link ClientAddresses}; leave
 * {@code server.forward-headers-strategy} unset, or the server would believe forwarded headers from anyone.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
class ClientRateLimit implements WebFilter {

    static final String SIGNUPS = "/api/signups";
    static final String SUBDOMAIN_CHECK = "/api/subdomains/{name}";

    private final MatchedRoute routes;
    private final ClientAddresses clients;
    private final ClientBuckets signups;
    private final ClientBuckets checks;
    private final Bucket allSignups;
    private final ProblemWriter problems;

    ClientRateLimit(SignupProperties properties, ClientAddresses clients, MatchedRoute routes, ProblemWriter problems) {
        SignupProperties.RateLimit limit = properties.rateLimit();
        this.routes = routes;
        this.problems = problems;
        this.clients = clients;
        this.signups = new ClientBuckets(limit.capacity(), limit.period(), limit.maxTrackedClients());
        this.checks = new ClientBuckets(limit.subdomainCheckCapacity(), limit.period(), limit.maxTrackedClients());
        this.allSignups = ClientBuckets.newBucket(limit.globalCapacity(), limit.period());
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        HttpMethod method = exchange.getRequest().getMethod();
        if (method != HttpMethod.POST && method != HttpMethod.GET && method != HttpMethod.HEAD) {
            return chain.filter(exchange);
        }
        return routes.of(exchange)
                .map(route -> limit(exchange, method, route))
                .defaultIfEmpty(Refusal.NONE)
                .flatMap(refusal -> refusal == Refusal.NONE ? chain.filter(exchange) : refuse(exchange, refusal));
    }

    private Refusal limit(ServerWebExchange exchange, HttpMethod method, String route) {
        if (method == HttpMethod.POST && route.equals(SIGNUPS)) {
            String client = clients.keyOf(exchange.getRequest());
            ConsumptionProbe own = signups.tryConsume(client);
            if (!own.isConsumed()) {
                return new Refusal(
                        "Too many signups",
                        "Too many signups from your address; try again in %d s.",
                        own.getNanosToWaitForRefill());
            }
            ConsumptionProbe all = allSignups.tryConsumeAndReturnRemaining(1);
            if (!all.isConsumed()) {
                signups.refund(client); // the client did nothing wrong: keep its own allowance
                return new Refusal(
                        "Signups are busy",
                        "Many people are signing up right now; please try again in %d s.",
                        all.getNanosToWaitForRefill());
            }
        } else if (method != HttpMethod.POST && route.equals(SUBDOMAIN_CHECK)) {
            ConsumptionProbe own = checks.tryConsume(clients.keyOf(exchange.getRequest()));
            if (!own.isConsumed()) {
                return new Refusal(
                        "Too many checks",
                        "Too many subdomain checks from your address; try again in %d s.",
                        own.getNanosToWaitForRefill());
            }
        }
        return Refusal.NONE;
    }

    private Mono<Void> refuse(ServerWebExchange exchange, Refusal refusal) {
        long retryAfter = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(refusal.nanosToWait()) + 1);
        exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter));
        return problems.write(
                exchange,
                HttpStatus.TOO_MANY_REQUESTS,
                refusal.title(),
                refusal.detail().formatted(retryAfter));
    }

    private record Refusal(String title, String detail, long nanosToWait) {
        static final Refusal NONE = new Refusal("", "", 0);
    }
}
