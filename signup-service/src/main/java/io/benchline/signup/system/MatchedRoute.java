package io.benchline.signup.system;

import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.DispatcherHandler;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.pattern.PathPattern;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The route pattern ({@code /api/subdomains/{name}}) a request will be dispatched to, asked of the same handler
 * mappings, in the same order, as the dispatcher asks them. Path parameters ({@code ;x=1}), percent-encoding and
 * whatever else the router normalises therefore lead to the same answer the controller is chosen by; comparing the
 * raw path could be escaped by any of them.
 */
@Component
class MatchedRoute {

    private final ObjectProvider<DispatcherHandler> dispatcher;

    MatchedRoute(ObjectProvider<DispatcherHandler> dispatcher) {
        this.dispatcher = dispatcher;
    }

    /** The pattern, or empty when no controller route matches (static files, unknown paths, refused methods). */
    Mono<String> of(ServerWebExchange exchange) {
        List<HandlerMapping> mappings = dispatcher.getObject().getHandlerMappings();
        if (mappings == null) {
            return Mono.empty();
        }
        return Flux.fromIterable(mappings)
                .concatMap(mapping -> mapping.getHandler(exchange).onErrorResume(e -> Mono.empty()))
                .next()
                .flatMap(handler ->
                        Mono.justOrEmpty(exchange.<Object>getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE)))
                .map(pattern -> pattern instanceof PathPattern p ? p.getPatternString() : pattern.toString());
    }
}
