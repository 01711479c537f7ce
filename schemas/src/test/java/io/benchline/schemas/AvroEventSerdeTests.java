package io.benchline.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.benchline.events.ProvisioningFailed;
import io.benchline.events.test.EvolvingEvent;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class AvroEventSerdeTests {

    private final AvroEventSerializer serializer = new AvroEventSerializer("/benchline/test");
    private final AvroEventDeserializer deserializer = new AvroEventDeserializer();

    @Test
    void everyEventRoundTripsThroughItsTopic() {
        for (SpecificRecord event : SampleEvents.oneOfEach(UUID.randomUUID())) {
            String topic = Topic.byEventType(event.getClass()).orElseThrow().topicName();
            byte[] bytes = serializer.serialize(topic, new RecordHeaders(), event);
            assertThat(deserializer.deserialize(topic, bytes)).isEqualTo(event);
        }
    }

    @Test
    void eachEventOfTheLifecycleTopicIsReadAsItsOwnTypeByItsSchemaFingerprint() {
        String topic = Topic.TENANT_LIFECYCLE.topicName();
        for (SpecificRecord event : SampleEvents.lifecycleEvents(UUID.randomUUID())) {
            byte[] bytes = serializer.serialize(topic, new RecordHeaders(), event);

            SpecificRecord read = deserializer.deserialize(topic, bytes);
            assertThat(read).isInstanceOf(event.getClass()).isEqualTo(event);
        }
    }

    @Test
    void anEventOfAnotherTypeOnTheLifecycleTopicIsABadRecord() {
        byte[] bytes = serializer.serialize(
                Topic.TENANT_LIFECYCLE.topicName(), SampleEvents.provisioningFailed(UUID.randomUUID()));

        assertThatThrownBy(() -> deserializer.deserialize(Topic.TENANT_LIFECYCLE.topicName(), bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("none of its event types");
    }

    @Test
    void writesSingleObjectEncodingWithTheSchemaFingerprint() {
        ProvisioningFailed event = SampleEvents.provisioningFailed(UUID.randomUUID());
        byte[] bytes = serializer.serialize(Topic.PROVISIONING_FAILED.topicName(), event);

        assertThat(Arrays.copyOf(bytes, 2)).containsExactly(0xC3, 0x01);
        long fingerprint = SchemaNormalization.parsingFingerprint64(ProvisioningFailed.getClassSchema());
        assertThat(ByteBuffer.wrap(bytes, 2, 8)
                        .order(java.nio.ByteOrder.LITTLE_ENDIAN)
                        .getLong())
                .isEqualTo(fingerprint);
    }

    @Test
    void stampsCloudEventsHeadersFromTheEvent() {
        UUID tenantId = UUID.randomUUID();
        ProvisioningFailed event = SampleEvents.provisioningFailed(tenantId);
        RecordHeaders headers = new RecordHeaders();
        serializer.serialize(Topic.PROVISIONING_FAILED.topicName(), headers, event);

        assertThat(header(headers, "ce_specversion")).isEqualTo("1.0");
        assertThat(header(headers, "ce_id")).isEqualTo(event.getEventId().toString());
        assertThat(header(headers, "ce_type")).isEqualTo("io.benchline.tenant.ProvisioningFailed");
        assertThat(header(headers, "ce_source")).isEqualTo("/benchline/test");
        assertThat(header(headers, "ce_time")).isEqualTo(event.getOccurredAt().toString());
        assertThat(header(headers, "ce_subject")).isEqualTo(tenantId.toString());
        assertThat(header(headers, "content-type")).isEqualTo("application/avro");
    }

    @Test
    void reserializingReplacesRatherThanDuplicatesHeaders() {
        ProvisioningFailed event = SampleEvents.provisioningFailed(UUID.randomUUID());
        RecordHeaders headers = new RecordHeaders();
        serializer.serialize(Topic.PROVISIONING_FAILED.topicName(), headers, event);
        serializer.serialize(Topic.PROVISIONING_FAILED.topicName(), headers, event);

        assertThat(headers.headers("ce_id")).hasSize(1);
    }

    @Test
    void garbageBytesRaiseSerializationException() {
        byte[] garbage = "not avro at all".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> deserializer.deserialize(Topic.TENANT_REQUESTED.topicName(), garbage))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("tenant.requested");
    }

    @Test
    void truncatedRecordRaisesSerializationException() {
        byte[] bytes = serializer.serialize(
                Topic.TENANT_REQUESTED.topicName(), SampleEvents.tenantRequested(UUID.randomUUID()));
        byte[] truncated = Arrays.copyOf(bytes, bytes.length / 2);
        assertThatThrownBy(() -> deserializer.deserialize(Topic.TENANT_REQUESTED.topicName(), truncated))
                .isInstanceOf(SerializationException.class);
    }

    @Test
    void unknownWriterSchemaRaisesSerializationException() {
        // A valid single-object record, but of an event this reader has never seen released.
        byte[] other = serializer.serialize(
                Topic.SIGNUP_COMPLETED.topicName(), SampleEvents.signupCompleted(UUID.randomUUID()));
        assertThatThrownBy(() -> deserializer.deserialize(Topic.TENANT_REQUESTED.topicName(), other))
                .isInstanceOf(SerializationException.class);
    }

    @Test
    void topicWithoutCatalogueEntryNeedsAConfiguredType() {
        assertThatThrownBy(() -> deserializer.deserialize("unknown.topic", new byte[] {1}))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining(AvroEventDeserializer.TYPE_CONFIG);
    }

    @Test
    void decodesRecordsWrittenWithAnOlderReleasedSchema() throws Exception {
        Schema v1 = ReleasedSchemas.of(EvolvingEvent.class).get(0);
        GenericRecord old = new GenericData.Record(v1);
        UUID tenantId = UUID.randomUUID();
        old.put("eventId", UUID.randomUUID().toString());
        old.put("tenantId", tenantId.toString());
        old.put("occurredAt", SampleEvents.NOW.toEpochMilli());
        old.put("organization", "Acme");

        AvroEventDeserializer reader = new AvroEventDeserializer(EvolvingEvent.class);
        EvolvingEvent decoded = (EvolvingEvent) reader.deserialize("any", singleObject(v1, old));

        assertThat(decoded.getTenantId()).isEqualTo(tenantId);
        assertThat(decoded.getOrganization()).isEqualTo("Acme");
        assertThat(decoded.getPlan()).as("default of the field added in v2").isEqualTo("free");
    }

    @Test
    void typeCanBeConfiguredByName() {
        AvroEventDeserializer reader = new AvroEventDeserializer();
        reader.configure(
                java.util.Map.of(AvroEventDeserializer.TYPE_CONFIG, ProvisioningFailed.class.getName()), false);
        ProvisioningFailed event = SampleEvents.provisioningFailed(UUID.randomUUID());

        assertThat(reader.deserialize("internal.topic", serializer.serialize("internal.topic", event)))
                .isEqualTo(event);
    }

    private static byte[] singleObject(Schema schema, GenericRecord record) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {(byte) 0xC3, 0x01});
        out.write(ByteBuffer.allocate(8)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .putLong(SchemaNormalization.parsingFingerprint64(schema))
                .array());
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    private static String header(RecordHeaders headers, String name) {
        return new String(headers.lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
