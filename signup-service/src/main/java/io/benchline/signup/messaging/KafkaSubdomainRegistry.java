package io.benchline.signup.messaging;

import io.benchline.events.TenantRequested;
import io.benchline.schemas.AvroEventSerializer;
import io.benchline.schemas.Topic;
import io.benchline.signup.subdomain.RegistryUnavailableException;
import io.benchline.signup.subdomain.SubdomainRegistry;
import io.benchline.signup.system.SignupProperties;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The client side of the registry: sends a CLAIM keyed by subdomain over a {@link CommandChannel} and waits for the
 * decision with the same request id, whichever instance's task decided it.
 */
@Component
class KafkaSubdomainRegistry implements SubdomainRegistry, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(KafkaSubdomainRegistry.class);

    static final String VIEW_STORE = "subdomain-view";

    private final StreamsBuilderFactoryBean streams;
    private final AvroEventSerializer avro = new AvroEventSerializer();
    private final CommandChannel<ClaimCommand, ClaimDecision> channel;

    KafkaSubdomainRegistry(KafkaProperties kafka, StreamsBuilderFactoryBean streams, SignupProperties properties) {
        this.streams = streams;
        Duration timeout = properties.claimTimeout();
        this.channel = new CommandChannel<>(
                log,
                kafka,
                new CommandChannel.Spec<>(
                        InternalTopics.CLAIMS,
                        InternalTopics.DECISIONS,
                        "signup-claims-",
                        "signup-decisions-",
                        "signup-claim-decisions",
                        "claim decision",
                        ClaimCommand.class,
                        ClaimDecision.class,
                        ClaimDecision::requestId),
                timeout,
                () -> new RegistryUnavailableException(timeout));
    }

    @Override
    public Mono<ClaimOutcome> claim(TenantRequested request, String emailCodeHash) {
        UUID requestId = UUID.randomUUID();
        String subdomain = request.getSignup().getSubdomain();
        ClaimCommand command = new ClaimCommand(
                ClaimCommand.Type.CLAIM,
                requestId,
                request.getTenantId(),
                subdomain,
                avro.serialize(Topic.TENANT_REQUESTED.topicName(), request),
                emailCodeHash,
                emailCodeHash == null ? null : request.getSignup().getEmail());
        return channel.ask(requestId, subdomain, command, () -> "claim for subdomain " + subdomain)
                .map(decision -> decision.accepted() ? ClaimOutcome.ACCEPTED : ClaimOutcome.TAKEN);
    }

    @Override
    public boolean isHeld(String subdomain) {
        KafkaStreams kafkaStreams = streams.getKafkaStreams();
        if (kafkaStreams == null) {
            return false;
        }
        try {
            ReadOnlyKeyValueStore<String, SubdomainClaim> view = kafkaStreams.store(
                    StoreQueryParameters.fromNameAndType(VIEW_STORE, QueryableStoreTypes.keyValueStore()));
            return Optional.ofNullable(view.get(subdomain))
                    .map(SubdomainClaim::held)
                    .orElse(false);
        } catch (InvalidStateStoreException e) {
            return false; // the registry still decides; the live check is only advice
        }
    }

    @Override
    public void start() {
        channel.start();
    }

    @Override
    public void stop() {
        channel.stop();
    }

    @Override
    public boolean isRunning() {
        return channel.isRunning();
    }
}
