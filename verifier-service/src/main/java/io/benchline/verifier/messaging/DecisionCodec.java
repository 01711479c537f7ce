package io.benchline.verifier.messaging;

import io.benchline.events.SiteProvisioned;
import io.benchline.platform.kafka.store.ValueCodec;
import io.benchline.schemas.AvroEventDeserializer;
import io.benchline.schemas.AvroEventSerializer;
import io.benchline.schemas.Topic;
import io.benchline.verifier.verification.Decision;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes a {@link Decision} as JSON for the internal topic. The SiteProvisioned of a PROBING decision is kept as
 * its Avro single-object bytes (base64), so it decodes with the same released schemas as the public topic and its
 * credentials stay sealed.
 */
final class DecisionCodec implements ValueCodec<Decision> {

    private static final String TOPIC = Topic.SITE_PROVISIONED.topicName();

    private final JsonMapper json = JsonMapper.builder().build();
    private final AvroEventSerializer avroOut = new AvroEventSerializer();
    private final AvroEventDeserializer avroIn = new AvroEventDeserializer(SiteProvisioned.class);

    @Override
    public byte[] encode(Decision decision) {
        ObjectNode node = json.createObjectNode()
                .put("tenantId", decision.tenantId().toString())
                .put("eventId", decision.eventId().toString())
                .put("state", decision.state().name())
                .put("startedAt", decision.startedAt().toEpochMilli())
                .put("attempt", decision.attempt());
        if (decision.outcome() != null) {
            node.put("outcome", decision.outcome());
        }
        if (decision.event() != null) {
            node.put("siteProvisioned", Base64.getEncoder().encodeToString(avroOut.serialize(TOPIC, decision.event())));
        }
        return json.writeValueAsBytes(node);
    }

    @Override
    public Decision decode(byte[] bytes) {
        JsonNode node = json.readTree(bytes);
        JsonNode event = node.path("siteProvisioned");
        JsonNode outcome = node.path("outcome");
        return new Decision(
                UUID.fromString(node.path("tenantId").asString()),
                UUID.fromString(node.path("eventId").asString()),
                Decision.State.valueOf(node.path("state").asString()),
                Instant.ofEpochMilli(node.path("startedAt").asLong()),
                event.isMissingNode()
                        ? null
                        : (SiteProvisioned)
                                avroIn.deserialize(TOPIC, Base64.getDecoder().decode(event.asString())),
                outcome.isMissingNode() ? null : outcome.asString(),
                node.path("attempt").asInt(1));
    }
}
