package io.benchline.signup.messaging;

import io.benchline.events.LoginKeyIssued;
import io.benchline.schemas.AvroEventSerializer;
import io.benchline.signup.handoff.EntryTicket;
import io.benchline.signup.handoff.HandOffDesk;
import io.benchline.signup.system.SignupProperties;
import io.benchline.signup.verification.DeskAnswer;
import io.benchline.signup.verification.DeskUnavailableException;
import io.benchline.signup.verification.VerificationDesk;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The instance side of email verification and hand-off: sends a {@link TenantCommand} keyed by tenantId to the task
 * that owns the tenant and waits for the {@link TenantDecision} with the same request id. Every instance reads every
 * decision (read-committed, from the end, positioned before the first command is sent), as the subdomain registry
 * does, so the instance that asked hears the answer whichever instance's task decided.
 */
@Component
class KafkaTenantDesk implements VerificationDesk, HandOffDesk, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(KafkaTenantDesk.class);

    private static final Duration DECISIONS_LOOKUP_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaProperties kafka;
    private final LoginKeyFeed keys;
    private final Duration timeout;
    private final Duration keyTimeout;
    private final JsonSerde<TenantCommand> commands = new JsonSerde<>(TenantCommand.class);
    private final JsonSerde<TenantDecision> decisions = new JsonSerde<>(TenantDecision.class);
    private final Map<UUID, Sinks.One<TenantDecision>> pending = new ConcurrentHashMap<>();

    private KafkaProducer<String, byte[]> producer;
    private KafkaConsumer<String, byte[]> consumer;
    private Thread reader;
    private volatile boolean running;

    KafkaTenantDesk(KafkaProperties kafka, LoginKeyFeed keys, SignupProperties properties) {
        this.kafka = kafka;
        this.keys = keys;
        this.timeout = properties.claimTimeout();
        this.keyTimeout = properties.handOff().keyTimeout();
    }

    @Override
    public Mono<DeskAnswer> check(UUID tenantId, String codeHash) {
        return ask(new TenantCommand(TenantCommand.Type.CHECK_CODE, UUID.randomUUID(), tenantId, codeHash, null))
                .map(TenantDecision::answer);
    }

    @Override
    public Mono<DeskAnswer> resend(UUID tenantId, String codeHash) {
        return ask(new TenantCommand(TenantCommand.Type.RESEND_CODE, UUID.randomUUID(), tenantId, codeHash, null))
                .map(TenantDecision::answer);
    }

    @Override
    public Mono<EntryTicket> enter(UUID tenantId) {
        return Mono.usingWhen(
                Mono.fromCallable(() -> keys.watch(tenantId)),
                watch -> ask(new TenantCommand(TenantCommand.Type.ENTER, UUID.randomUUID(), tenantId, null, null))
                        .flatMap(decision -> {
                            if (decision.entry() != EntryTicket.Kind.KEY) {
                                return Mono.just(
                                        decision.entry() == EntryTicket.Kind.NOT_READY
                                                ? EntryTicket.notReady()
                                                : EntryTicket.loginPage());
                            }
                            return watch.answerTo(decision.loginKeyRequestId())
                                    .next()
                                    .timeout(keyTimeout)
                                    .map(issued -> ticket(issued, decision.ahead()));
                        }),
                watch -> Mono.fromRunnable(watch::close),
                (watch, error) -> Mono.fromRunnable(watch::close),
                watch -> Mono.fromRunnable(watch::close));
    }

    private static EntryTicket ticket(LoginKeyIssued issued, boolean ahead) {
        if (issued.getLoginKey() == null) {
            // The provisioner could not mint one; its reason has no secret in it.
            log.warn("login key for signup {} was not issued: {}", issued.getTenantId(), issued.getFailure());
            return new EntryTicket(EntryTicket.Kind.KEY, null, null, ahead);
        }
        return new EntryTicket(EntryTicket.Kind.KEY, issued.getLoginKey(), issued.getExpiresAt(), ahead);
    }

    private Mono<TenantDecision> ask(TenantCommand command) {
        UUID requestId = command.requestId();
        return Mono.defer(() -> {
                    if (!running) {
                        return Mono.error(new DeskUnavailableException(timeout));
                    }
                    Sinks.One<TenantDecision> answer = Sinks.one();
                    pending.put(requestId, answer);
                    producer.send(
                            new ProducerRecord<>(
                                    InternalTopics.TENANT_COMMANDS,
                                    command.tenantId().toString(),
                                    commands.serializer().serialize(InternalTopics.TENANT_COMMANDS, command)),
                            (metadata, error) -> {
                                if (error != null) {
                                    log.warn(
                                            "{} for signup {} could not be sent: {}",
                                            command.type(),
                                            command.tenantId(),
                                            error.toString());
                                    answer.tryEmitError(new DeskUnavailableException(timeout));
                                }
                            });
                    return answer.asMono();
                })
                .timeout(timeout)
                .onErrorMap(TimeoutException.class, e -> new DeskUnavailableException(timeout))
                .doFinally(signal -> pending.remove(requestId));
    }

    @Override
    public void start() {
        Map<String, Object> producerConfig = new HashMap<>(kafka.buildProducerProperties());
        producerConfig.remove(AvroEventSerializer.SOURCE_CONFIG);
        producerConfig.put(ProducerConfig.CLIENT_ID_CONFIG, "signup-tenant-commands-" + UUID.randomUUID());
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerConfig.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        producer = new KafkaProducer<>(producerConfig, new StringSerializer(), new ByteArraySerializer());

        // Spring's consumer properties (security, TLS, SASL); a plain reader of every partition, committed only.
        Map<String, Object> consumerConfig = new HashMap<>(kafka.buildConsumerProperties());
        consumerConfig.remove(ConsumerConfig.GROUP_ID_CONFIG);
        consumerConfig.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        consumerConfig.put(ConsumerConfig.CLIENT_ID_CONFIG, "signup-tenant-decisions-" + UUID.randomUUID());
        consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
        consumerConfig.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions =
                consumer.partitionsFor(InternalTopics.TENANT_DECISIONS, DECISIONS_LOOKUP_TIMEOUT).stream()
                        .map(info -> new TopicPartition(info.topic(), info.partition()))
                        .toList();
        if (partitions.isEmpty()) {
            throw new IllegalStateException(InternalTopics.TENANT_DECISIONS + " has no partitions");
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        running = true;
        reader = new Thread(this::readDecisions, "signup-tenant-decisions");
        reader.setDaemon(true);
        reader.start();
    }

    private void readDecisions() {
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofSeconds(1))) {
                    TenantDecision decision;
                    try {
                        decision = decisions.deserializer().deserialize(record.topic(), record.value());
                    } catch (RuntimeException e) {
                        log.warn(
                                "unreadable tenant decision at {}-{}@{}",
                                record.topic(),
                                record.partition(),
                                record.offset());
                        continue;
                    }
                    Sinks.One<TenantDecision> answer = decision == null ? null : pending.get(decision.requestId());
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
