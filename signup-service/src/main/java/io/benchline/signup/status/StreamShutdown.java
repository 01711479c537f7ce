package io.benchline.signup.status;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Ends every open SSE stream when the service stops, before the web server's graceful shutdown waits for active
 * requests: an event stream never ends on its own within that wait, so without this each stop (a rolling update, a
 * SIGTERM) took Spring's whole 30 s shutdown phase. The browser's EventSource reconnects with its Last-Event-ID, to
 * another instance, and misses nothing. Stops in the default phase, which Spring stops before the graceful-shutdown
 * phase (a lower one).
 */
@Component
class StreamShutdown implements SmartLifecycle {

    private final Sinks.Empty<Void> stopping = Sinks.empty();
    private volatile boolean running;

    /** Completes when the service begins to stop. */
    Mono<Void> signal() {
        return stopping.asMono();
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        stopping.tryEmitEmpty();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
