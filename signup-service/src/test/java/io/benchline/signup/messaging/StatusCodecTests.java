package io.benchline.signup.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.benchline.signup.status.SignupStatus;
import io.benchline.signup.status.SignupStatus.Step;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class StatusCodecTests {

    private static final String TOPIC = InternalTopics.STATUS;

    private final StatusCodec codec = new StatusCodec();

    @Test
    void aStatusWithEveryFieldSetReadsBackEqual() {
        SignupStatus status = status(
                new SignupStatus.SiteReady(
                        "https://acme.example.com",
                        "https://acme.example.com/app",
                        Instant.parse("2026-11-28T15:01:02.123456789Z")),
                List.of(
                        new Step(
                                1,
                                Step.PROGRESS,
                                "accepted",
                                5,
                                "Signup accepted; waiting for a bench host.",
                                Instant.parse("2026-11-28T15:00:00.000000001Z"),
                                null,
                                null,
                                null,
                                null,
                                null),
                        new Step(
                                2,
                                Step.VERIFICATION,
                                "email_verification",
                                5,
                                "Code sent: ünïcödé ✓",
                                Instant.parse("2026-11-28T15:00:01Z"),
                                null,
                                null,
                                null,
                                null,
                                "code_sent"),
                        new Step(
                                3,
                                Step.FAILED,
                                "failed",
                                100,
                                "We could not create your site.",
                                Instant.parse("2026-11-28T15:00:02Z"),
                                null,
                                "provision",
                                "bench_error",
                                true,
                                null),
                        new Step(
                                4,
                                Step.COMPLETED,
                                "completed",
                                100,
                                "Ready.",
                                Instant.parse("2026-11-28T15:00:03Z"),
                                "https://acme.example.com/app",
                                null,
                                null,
                                false,
                                null)));

        byte[] bytes = codec.serializer().serialize(TOPIC, status);

        assertThat(codec.deserializer().deserialize(TOPIC, bytes)).isEqualTo(status);
        assertThat(bytes.length)
                .isLessThan(new JsonSerde<>(SignupStatus.class).serializer().serialize(TOPIC, status).length);
    }

    @Test
    void nullFieldsStayNull() {
        SignupStatus sparse = new SignupStatus(
                UUID.randomUUID(),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                0,
                List.of(),
                List.of(),
                null,
                null,
                null,
                null);

        SignupStatus read =
                codec.deserializer().deserialize(TOPIC, codec.serializer().serialize(TOPIC, sparse));

        assertThat(read).isEqualTo(sparse);
        assertThat(codec.serializer().serialize(TOPIC, null)).isNull();
        assertThat(codec.deserializer().deserialize(TOPIC, null)).isNull();
    }

    @Test
    void statusesStoredAsJsonBeforeAreStillRead() {
        SignupStatus status = status(
                null,
                List.of(new Step(
                        1,
                        Step.PROGRESS,
                        "accepted",
                        5,
                        "Signup accepted.",
                        Instant.parse("2026-11-28T15:00:00Z"),
                        null,
                        null,
                        null,
                        null,
                        null)));
        byte[] json = new JsonSerde<>(SignupStatus.class).serializer().serialize(TOPIC, status);

        assertThat(codec.deserializer().deserialize(TOPIC, json)).isEqualTo(status);
    }

    @Test
    void unreadableBytesAreRefusedWithoutEchoingThem() {
        byte[] truncated = Arrays.copyOf(codec.serializer().serialize(TOPIC, status(null, List.of())), 20);

        assertThatThrownBy(() -> codec.deserializer().deserialize(TOPIC, truncated))
                .isInstanceOf(SerializationException.class)
                .hasMessage("record on " + TOPIC + " is not a readable SignupStatus");
        assertThatThrownBy(() -> codec.deserializer().deserialize(TOPIC, new byte[] {9, 1, 2}))
                .isInstanceOf(SerializationException.class);
    }

    /** A field added to the status without a new codec version would silently be dropped: this test says so first. */
    @Test
    void theCodecWritesEveryFieldOfTheRecords() {
        assertThat(names(SignupStatus.class)).isEqualTo(StatusCodec.STATUS_FIELDS);
        assertThat(names(Step.class)).isEqualTo(StatusCodec.STEP_FIELDS);
        assertThat(names(SignupStatus.SiteReady.class)).isEqualTo(StatusCodec.SITE_READY_FIELDS);
    }

    private static List<String> names(Class<? extends Record> type) {
        return Arrays.stream(type.getRecordComponents())
                .map(RecordComponent::getName)
                .toList();
    }

    private static SignupStatus status(SignupStatus.SiteReady ready, List<Step> steps) {
        return new SignupStatus(
                UUID.randomUUID(),
                "acme",
                "Acme Ltd",
                "https://acme.example.com",
                "pro",
                Instant.parse("2026-11-28T15:00:00Z"),
                Instant.parse("2026-11-28T15:30:00Z"),
                SignupStatus.Phase.COMPLETED,
                100,
                steps,
                List.of(UUID.randomUUID(), UUID.randomUUID()),
                SignupStatus.PENDING,
                "pool",
                ready,
                2);
    }
}
