package io.benchline.signup.messaging;

import io.benchline.schemas.AvroEventSerializer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
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
import org.slf4j.Logger;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Sends commands to an internal topic and waits for the decision with the same request id: every instance reads
 * every decision (read-committed, from the end, positioned before the first command is sent), so the instance that
 * asked hears the answer whichever instance's Streams task decided it.
 *
 * @param <C> the command
 * @param <D> the decision
 */
final class CommandChannel<C, D> {

    private static final Duration DECISIONS_LOOKUP_TIMEOUT = Duration.ofSeconds(30);

    /** Which topics, under which client ids, and how a decision names its request and a failure is told. */
    record Spec<C, D>(
            String commandTopic,
            String decisionTopic,
            String producerClientIdPrefix,
            String consumerClientIdPrefix,
            String readerThreadName,
            String decisionName,
            Class<C> commandType,
            Class<D> decisionType,
            Function<D, UUID> requestIdOf) {}

    private final Logger log;
    private final KafkaProperties kafka;
    private final Spec<C, D> spec;
    private final Duration timeout;
    private final Supplier<? extends RuntimeException> unavailable;
    private final JsonSerde<C> commands;
    private final JsonSerde<D> decisions;
    private final Map<UUID, Sinks.One<D>> pending = new ConcurrentHashMap<>();

    private KafkaProducer<String, byte[]> producer;
    private KafkaConsumer<String, byte[]> consumer;
    private Thread reader;
    private volatile boolean running;

    /**
     * @param log the owner's logger, so its log lines keep their logger name
     * @param unavailable what a caller gets when the channel is not running, a send fails or no decision comes in
     *     {@code timeout}
     */
    CommandChannel(
            Logger log,
            KafkaProperties kafka,
            Spec<C, D> spec,
            Duration timeout,
            Supplier<? extends RuntimeException> unavailable) {
        this.log = log;
        this.kafka = kafka;
        this.spec = spec;
        this.timeout = timeout;
        this.unavailable = unavailable;
        this.commands = new JsonSerde<>(spec.commandType());
        this.decisions = new JsonSerde<>(spec.decisionType());
    }

    /**
     * Sends {@code command} keyed by {@code key} and completes with the decision for {@code requestId}.
     * {@code what} names the command in the warning logged when it cannot be sent.
     */
    Mono<D> ask(UUID requestId, String key, C command, Supplier<String> what) {
        return Mono.defer(() -> {
                    if (!running) {
                        // Not started yet, or stopping: come back, rather than fail on a missing producer.
                        return Mono.<D>error(unavailable.get());
                    }
                    Sinks.One<D> answer = Sinks.one();
                    pending.put(requestId, answer);
                    producer.send(
                            new ProducerRecord<>(
                                    spec.commandTopic(),
                                    key,
                                    commands.serializer().serialize(spec.commandTopic(), command)),
                            (metadata, error) -> {
                                if (error != null) {
                                    log.warn("{} could not be sent: {}", what.get(), error.toString());
                                    answer.tryEmitError(unavailable.get());
                                }
                            });
                    return answer.asMono();
                })
                .timeout(timeout)
                .onErrorMap(TimeoutException.class, e -> unavailable.get())
                .doFinally(signal -> pending.remove(requestId));
    }

    void start() {
        Map<String, Object> producerConfig = new HashMap<>(kafka.buildProducerProperties());
        producerConfig.remove(AvroEventSerializer.SOURCE_CONFIG);
        producerConfig.put(ProducerConfig.CLIENT_ID_CONFIG, spec.producerClientIdPrefix() + UUID.randomUUID());
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerConfig.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        producer = new KafkaProducer<>(producerConfig, new StringSerializer(), new ByteArraySerializer());

        // Spring's consumer properties (security, TLS, SASL), with only what makes this a plain reader overridden:
        // assigned, not a group member (every instance reads all), no commits, committed decisions only.
        Map<String, Object> consumerConfig = new HashMap<>(kafka.buildConsumerProperties());
        consumerConfig.remove(ConsumerConfig.GROUP_ID_CONFIG);
        consumerConfig.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        consumerConfig.put(ConsumerConfig.CLIENT_ID_CONFIG, spec.consumerClientIdPrefix() + UUID.randomUUID());
        consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
        // KafkaAdmin declares the topic; an early metadata lookup must not auto-create it with broker defaults.
        consumerConfig.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = decisionPartitions();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // resolve "end" now, before any command can be answered
        running = true;
        reader = new Thread(this::readDecisions, spec.readerThreadName());
        reader.setDaemon(true);
        reader.start();
    }

    /** The decision topic's partitions; {@link InternalTopicsVisible} has waited until the broker knows them. */
    private List<TopicPartition> decisionPartitions() {
        List<TopicPartition> partitions =
                consumer.partitionsFor(spec.decisionTopic(), DECISIONS_LOOKUP_TIMEOUT).stream()
                        .map(info -> new TopicPartition(info.topic(), info.partition()))
                        .toList();
        if (partitions.isEmpty()) {
            // Assigning none would leave every command unanswered.
            throw new IllegalStateException(spec.decisionTopic() + " has no partitions");
        }
        return partitions;
    }

    private void readDecisions() {
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofSeconds(1))) {
                    D decision;
                    try {
                        decision = decisions.deserializer().deserialize(record.topic(), record.value());
                    } catch (RuntimeException e) {
                        log.warn(
                                "unreadable {} at {}-{}@{}",
                                spec.decisionName(),
                                record.topic(),
                                record.partition(),
                                record.offset());
                        continue;
                    }
                    Sinks.One<D> answer = decision == null
                            ? null
                            : pending.get(spec.requestIdOf().apply(decision));
                    if (answer != null) {
                        answer.tryEmitValue(decision);
                    }
                }
            }
        } catch (WakeupException e) {
            // stop() woke us up
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    void stop() {
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

    boolean isRunning() {
        return running;
    }
}
