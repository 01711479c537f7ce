package io.benchline.signup.messaging;

import io.benchline.events.TenantRequested;
import io.benchline.schemas.AvroEventSerializer;
import io.benchline.schemas.Topic;
import io.benchline.signup.subdomain.RegistryUnavailableException;
import io.benchline.signup.subdomain.SubdomainRegistry;
import io.benchline.signup.system.SignupProperties;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
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
import reactor.core.publisher.Sinks;

/**
 * The client side of the registry: sends a CLAIM keyed by subdomain and waits for the decision with the same
 * request id. Every instance reads every decision (read-committed, from the end, positioned before the first
 * claim is sent), so the instance that asked hears the answer whichever instance's task decided it.
 */
@Component
class KafkaSubdomainRegistry implements SubdomainRegistry, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(KafkaSubdomainRegistry.class);

    static final String VIEW_STORE = "subdomain-view";

    private static final Duration DECISIONS_LOOKUP_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaProperties kafka;
    private final StreamsBuilderFactoryBean streams;
    private final Duration timeout;
    private final AvroEventSerializer avro = new AvroEventSerializer();
    private final JsonSerde<ClaimCommand> commands = new JsonSerde<>(ClaimCommand.class);
    private final JsonSerde<ClaimDecision> decisions = new JsonSerde<>(ClaimDecision.class);
    private final Map<UUID, Sinks.One<ClaimOutcome>> pending = new ConcurrentHashMap<>();

    private KafkaProducer<String, byte[]> producer;
    private KafkaConsumer<String, byte[]> consumer;
    private Thread reader;
    private volatile boolean running;

    KafkaSubdomainRegistry(KafkaProperties kafka, StreamsBuilderFactoryBean streams, SignupProperties properties) {
        this.kafka = kafka;
        this.streams = streams;
        this.timeout = properties.claimTimeout();
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
        return Mono.defer(() -> {
                    if (!running) {
                        // Not started yet, or stopping: come back, rather than fail on a missing producer.
                        return Mono.error(new RegistryUnavailableException(timeout));
                    }
                    Sinks.One<ClaimOutcome> answer = Sinks.one();
                    pending.put(requestId, answer);
                    producer.send(
                            new ProducerRecord<>(
                                    InternalTopics.CLAIMS,
                                    subdomain,
                                    commands.serializer().serialize(InternalTopics.CLAIMS, command)),
                            (metadata, error) -> {
                                if (error != null) {
                                    log.warn(
                                            "claim for subdomain {} could not be sent: {}",
                                            subdomain,
                                            error.toString());
                                    answer.tryEmitError(new RegistryUnavailableException(timeout));
                                }
                            });
                    return answer.asMono();
                })
                .timeout(timeout)
                .onErrorMap(TimeoutException.class, e -> new RegistryUnavailableException(timeout))
                .doFinally(signal -> pending.remove(requestId));
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
        Map<String, Object> producerConfig = new HashMap<>(kafka.buildProducerProperties());
        producerConfig.remove(AvroEventSerializer.SOURCE_CONFIG);
        producerConfig.put(ProducerConfig.CLIENT_ID_CONFIG, "signup-claims-" + UUID.randomUUID());
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerConfig.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        producer = new KafkaProducer<>(producerConfig, new StringSerializer(), new ByteArraySerializer());

        // Spring's consumer properties (security, TLS, SASL), with only what makes this a plain reader overridden:
        // assigned, not a group member (every instance reads all), no commits, committed decisions only.
        Map<String, Object> consumerConfig = new HashMap<>(kafka.buildConsumerProperties());
        consumerConfig.remove(ConsumerConfig.GROUP_ID_CONFIG);
        consumerConfig.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        consumerConfig.put(ConsumerConfig.CLIENT_ID_CONFIG, "signup-decisions-" + UUID.randomUUID());
        consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
        // KafkaAdmin declares the topic; an early metadata lookup must not auto-create it with broker defaults.
        consumerConfig.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = decisionPartitions();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // resolve "end" now, before any claim can be answered
        running = true;
        reader = new Thread(this::readDecisions, "signup-claim-decisions");
        reader.setDaemon(true);
        reader.start();
    }

    /** The decision topic's partitions; {@link InternalTopicsVisible} has waited until the broker knows them. */
    private List<TopicPartition> decisionPartitions() {
        List<TopicPartition> partitions =
                consumer.partitionsFor(InternalTopics.DECISIONS, DECISIONS_LOOKUP_TIMEOUT).stream()
                        .map(info -> new TopicPartition(info.topic(), info.partition()))
                        .toList();
        if (partitions.isEmpty()) {
            // Assigning none would leave every claim unanswered.
            throw new IllegalStateException(InternalTopics.DECISIONS + " has no partitions");
        }
        return partitions;
    }

    private void readDecisions() {
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofSeconds(1))) {
                    ClaimDecision decision;
                    try {
                        decision = decisions.deserializer().deserialize(record.topic(), record.value());
                    } catch (RuntimeException e) {
                        log.warn(
                                "unreadable claim decision at {}-{}@{}",
                                record.topic(),
                                record.partition(),
                                record.offset());
                        continue;
                    }
                    Sinks.One<ClaimOutcome> answer = decision == null ? null : pending.get(decision.requestId());
                    if (answer != null) {
                        answer.tryEmitValue(decision.accepted() ? ClaimOutcome.ACCEPTED : ClaimOutcome.TAKEN);
                    }
                }
            }
        } catch (WakeupException e) {
            // stop() woke us up
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    @Override
    public void stop() {
        running = false;
        if (consumer != null) {
            consumer.wakeup();
        }
        if (reader != null) {
            try {
                reader.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
