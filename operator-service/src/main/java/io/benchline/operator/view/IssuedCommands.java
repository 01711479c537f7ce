package io.benchline.operator.view;

import io.benchline.events.OperatorCommandIssued;
import io.benchline.platform.kafka.store.CompactedTopics;
import io.benchline.platform.kafka.store.FollowedTopicView;
import io.benchline.platform.kafka.store.ValueCodec;
import io.benchline.schemas.AvroEventDeserializer;
import io.benchline.schemas.Topic;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * Every command ever issued, by commandId, as read from {@code tenant.operator-commands} (all partitions, no
 * consumer group): lets any instance answer a repeated Idempotency-Key with the commandId another instance issued.
 */
public class IssuedCommands {

    private final FollowedTopicView<OperatorCommandIssued> commands;

    IssuedCommands(CompactedTopics topics, Duration timeout) {
        this(topics, Topic.OPERATOR_COMMANDS.topicName(), timeout);
    }

    IssuedCommands(CompactedTopics topics, String topic, Duration timeout) {
        this.commands = topics.followedBy(
                topic,
                "operator-view-commands",
                new Codec(),
                command -> command.getCommandId().toString(),
                timeout);
    }

    /** The command as issued, including every command committed (on any instance) before the call. */
    public Optional<OperatorCommandIssued> find(UUID commandId) {
        commands.awaitCommitted();
        return commands.find(commandId.toString());
    }

    int size() {
        return commands.size();
    }

    FollowedTopicView<OperatorCommandIssued> follower() {
        return commands;
    }

    /** Read-only: commands are published through the EventPublisher, with their CloudEvents headers. */
    private static final class Codec implements ValueCodec<OperatorCommandIssued> {

        private final AvroEventDeserializer deserializer = new AvroEventDeserializer(OperatorCommandIssued.class);

        @Override
        public byte[] encode(OperatorCommandIssued command) {
            throw new UnsupportedOperationException("the command view never writes");
        }

        @Override
        public OperatorCommandIssued decode(byte[] bytes) {
            return (OperatorCommandIssued) deserializer.deserialize(Topic.OPERATOR_COMMANDS.topicName(), bytes);
        }
    }
}
