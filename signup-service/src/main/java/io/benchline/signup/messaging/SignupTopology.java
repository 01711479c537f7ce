package io.benchline.signup.messaging;

import io.benchline.events.LoginKeyIssued;
import io.benchline.platform.kafka.streams.ReplaceDeadStreamThread;
import io.benchline.schemas.AvroEventDeserializer;
import io.benchline.schemas.AvroEventSerializer;
import io.benchline.schemas.Topic;
import io.benchline.signup.status.SignupStatus;
import io.benchline.signup.system.ApplicationProperties;
import io.benchline.signup.system.SignupProperties;
import io.benchline.signup.verification.EmailCodeState;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.annotation.EnableKafkaStreams;
import org.springframework.kafka.config.StreamsBuilderFactoryBeanConfigurer;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * The Kafka Streams application (exactly-once v2): claims keyed by subdomain feed the {@link ClaimProcessor};
 * lifecycle events keyed by tenantId feed the {@link StatusProcessor}; both write through {@link Outbound}. Two
 * global stores give every instance a full, restart-proof copy of the status and subdomain snapshots. The messaging
 * package's one configuration: it also declares signup's internal topics.
 */
@Configuration(proxyBeanMethods = false)
@EnableKafkaStreams
class SignupTopology {

    /**
     * The events a signup's status is built from, and the operator's: RETRY commands and the tenant lifecycle
     * (TenantDeleted starts a subdomain's quarantine); and the provisioner's site operations, whose DROP of a failed
     * signup's site releases the subdomain held for it ({@link SiteHold}).
     */
    static final List<Topic> STATUS_INPUTS = List.of(
            Topic.TENANT_REQUESTED,
            Topic.PROVISIONING_PROGRESS,
            Topic.SITE_PROVISIONED,
            Topic.KEYS_ACTIVE,
            Topic.PROVISIONING_FAILED,
            Topic.SIGNUP_COMPLETED,
            Topic.OPERATOR_COMMANDS,
            Topic.TENANT_LIFECYCLE,
            Topic.SITE_OPERATION_COMPLETED);

    @Bean
    KStream<String, Object> signupStreams(
            StreamsBuilder builder,
            SignupProperties properties,
            Clock clock,
            StatusHub statusHub,
            LoginKeyFeed loginKeyFeed,
            SignupOutcomes outcomes,
            ApplicationProperties application,
            @Value("${spring.kafka.streams.application-id}") String applicationId) {
        InternalTopics.requireStatusTopicOf(applicationId);
        Serde<String> keys = Serdes.String();
        Serde<SignupStatus> statusSerde = new StatusCodec();
        Serde<SubdomainClaim> claimSerde = new JsonSerde<>(SubdomainClaim.class);
        Serde<SpecificRecord> events = Serdes.serdeFrom(new AvroEventSerializer(), new AvroEventDeserializer());

        builder.addStateStore(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ClaimProcessor.STORE), keys, claimSerde));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(StatusProcessor.STATUS_STORE), keys, statusSerde));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(StatusProcessor.DEADLINE_STORE), keys, Serdes.String()));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(StatusProcessor.VERIFICATION_STORE),
                keys,
                new JsonSerde<>(EmailCodeState.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(StatusProcessor.WINDOW_STORE), keys, Serdes.String()));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(StatusProcessor.HAND_OFF_STORE),
                keys,
                new JsonSerde<>(HandOffState.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(StatusProcessor.RETRY_STORE),
                keys,
                new JsonSerde<>(RetainedRequest.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(StatusProcessor.RETRY_EXPIRY_STORE), keys, Serdes.String()));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(StatusProcessor.QUARANTINE_STORE), keys, Serdes.String()));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(StatusProcessor.OPERATOR_COMMAND_STORE), keys, Serdes.String()));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(StatusProcessor.SITE_HOLD_STORE),
                keys,
                new JsonSerde<>(SiteHold.class)));

        builder.addGlobalStore(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StatusHub.STORE), keys, statusSerde)
                        .withLoggingDisabled(),
                InternalTopics.STATUS,
                Consumed.with(keys, statusSerde),
                () -> new ViewUpdater<>(StatusHub.STORE, statusHub::publish));
        builder.addGlobalStore(
                Stores.keyValueStoreBuilder(
                                Stores.persistentKeyValueStore(KafkaSubdomainRegistry.VIEW_STORE), keys, claimSerde)
                        .withLoggingDisabled(),
                InternalTopics.SUBDOMAINS,
                Consumed.with(keys, claimSerde),
                () -> new ViewUpdater<SubdomainClaim>(KafkaSubdomainRegistry.VIEW_STORE, claim -> {}));
        // Every instance follows the issued login keys (sealed), latest per tenant, to hand them to a click.
        AvroEventSerializer issuedWriter = new AvroEventSerializer();
        AvroEventDeserializer issuedReader = new AvroEventDeserializer(LoginKeyIssued.class);
        Serde<LoginKeyIssued> issuedKeys =
                Serdes.serdeFrom((topic, issued) -> issuedWriter.serialize(topic, issued), (topic, bytes) ->
                        (LoginKeyIssued) issuedReader.deserialize(topic, bytes));
        builder.addGlobalStore(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(LoginKeyFeed.STORE), keys, issuedKeys)
                        .withLoggingDisabled(),
                Topic.LOGIN_KEY_ISSUED.topicName(),
                Consumed.with(keys, issuedKeys),
                () -> new ViewUpdater<>(LoginKeyFeed.STORE, loginKeyFeed::publish));

        KStream<String, Object> claimed = builder.stream(
                        InternalTopics.CLAIMS, Consumed.with(keys, new JsonSerde<>(ClaimCommand.class)))
                .process(ClaimProcessor::new, ClaimProcessor.STORE);
        KStream<String, Object> lifecycle = builder.stream(
                        STATUS_INPUTS.stream().map(Topic::topicName).toList(), Consumed.with(keys, events))
                .mapValues(event -> (Object) event);
        KStream<String, Object> commands = builder.stream(
                        InternalTopics.TENANT_COMMANDS, Consumed.with(keys, new JsonSerde<>(TenantCommand.class)))
                .mapValues(command -> (Object) command);
        KStream<String, Object> tracked = lifecycle
                .merge(commands)
                .process(
                        () -> new StatusProcessor(clock, properties, outcomes),
                        StatusProcessor.STATUS_STORE,
                        StatusProcessor.DEADLINE_STORE,
                        StatusProcessor.VERIFICATION_STORE,
                        StatusProcessor.WINDOW_STORE,
                        StatusProcessor.HAND_OFF_STORE,
                        StatusProcessor.RETRY_STORE,
                        StatusProcessor.RETRY_EXPIRY_STORE,
                        StatusProcessor.QUARANTINE_STORE,
                        StatusProcessor.OPERATOR_COMMAND_STORE,
                        StatusProcessor.SITE_HOLD_STORE);
        KStream<String, Object> out = claimed.merge(tracked);
        Outbound outbound = new Outbound(application.cloudEventsSource());
        out.to(outbound, Produced.with(keys, Serdes.serdeFrom(outbound, (topic, bytes) -> null)));
        return out;
    }

    @Bean
    InternalTopicsVisible internalTopicsVisible(KafkaAdmin admin) {
        return new InternalTopicsVisible(admin, Duration.ofSeconds(60), internalTopics());
    }

    /**
     * signup-service's own topics; see {@link InternalTopics}. The status and claim stores' changelogs are declared
     * here too, although Streams would make them at its first rebalance: the global status and subdomain views read
     * them from start-up, before any rebalance. Same partitions as their stores' inputs and compacted, as Streams
     * would make them.
     */
    @Bean
    KafkaAdmin.NewTopics signupInternalTopics() {
        return new KafkaAdmin.NewTopics(internalTopics().toArray(NewTopic[]::new));
    }

    /** The declarations KafkaAdmin creates and {@link InternalTopicsVisible} waits for. */
    private static List<NewTopic> internalTopics() {
        return List.of(
                TopicBuilder.name(InternalTopics.CLAIMS)
                        .partitions(Topic.PARTITIONS)
                        .config(
                                TopicConfig.RETENTION_MS_CONFIG,
                                Long.toString(Duration.ofDays(7).toMillis()))
                        .build(),
                TopicBuilder.name(InternalTopics.DECISIONS)
                        .partitions(Topic.PARTITIONS)
                        .config(
                                TopicConfig.RETENTION_MS_CONFIG,
                                Long.toString(Duration.ofHours(1).toMillis()))
                        .build(),
                TopicBuilder.name(InternalTopics.STATUS)
                        .partitions(Topic.PARTITIONS)
                        .compact()
                        .build(),
                TopicBuilder.name(InternalTopics.SUBDOMAINS)
                        .partitions(Topic.PARTITIONS)
                        .compact()
                        .build(),
                TopicBuilder.name(InternalTopics.TENANT_COMMANDS)
                        .partitions(Topic.PARTITIONS)
                        .config(
                                TopicConfig.RETENTION_MS_CONFIG,
                                Long.toString(Duration.ofDays(7).toMillis()))
                        .build(),
                TopicBuilder.name(InternalTopics.TENANT_DECISIONS)
                        .partitions(Topic.PARTITIONS)
                        .config(
                                TopicConfig.RETENTION_MS_CONFIG,
                                Long.toString(Duration.ofHours(1).toMillis()))
                        .build());
    }

    /**
     * Leave the group on close so a restarted instance gets its tasks back at once; a stream thread that dies is
     * replaced, not the whole client stopped; count open signups once the global stores are ready.
     */
    @Bean
    StreamsBuilderFactoryBeanConfigurer signupStreamsLifecycle(StatusHub statusHub) {
        return factory -> {
            factory.setLeaveGroupOnClose(true);
            factory.setStreamsUncaughtExceptionHandler(new ReplaceDeadStreamThread());
            factory.setStateListener((newState, oldState) -> {
                if (newState == KafkaStreams.State.RUNNING) {
                    statusHub.countOpenSignups();
                }
            });
        };
    }
}
