package io.benchline.platform.kafka.streams;

import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What both Streams services answer when a stream thread dies of an error Kafka Streams does not recover from itself:
 * a new thread takes the dead one's tasks (exactly-once: restored from the changelogs, uncommitted work done again).
 * Kafka Streams' default is SHUTDOWN_CLIENT: the client goes to ERROR and stays there until someone restarts the
 * service — signup-service answering every POST with 503 and firing no deadline, operator-service ending no trial and
 * finishing no deprovisioning — while the process itself looks alive.
 */
public final class ReplaceDeadStreamThread implements StreamsUncaughtExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ReplaceDeadStreamThread.class);

    @Override
    public StreamThreadExceptionResponse handle(Throwable exception) {
        log.error("a Kafka Streams thread died; a new one takes over its tasks", exception);
        return StreamThreadExceptionResponse.REPLACE_THREAD;
    }
}
