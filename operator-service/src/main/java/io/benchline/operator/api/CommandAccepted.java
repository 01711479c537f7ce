package io.benchline.operator.api;

import java.util.Locale;
import java.util.UUID;

/**
 * The 202 answer to every POST: the command is on Kafka; the work is asynchronous and shows in the timeline.
 *
 * @param action lower case, e.g. {@code change_plan}
 * @param status always {@code accepted}
 */
record CommandAccepted(UUID commandId, UUID tenantId, String action, String status) {

    static CommandAccepted of(CommandRequest request) {
        return new CommandAccepted(
                request.commandId(), request.tenantId(), request.action().name().toLowerCase(Locale.ROOT), "accepted");
    }
}
