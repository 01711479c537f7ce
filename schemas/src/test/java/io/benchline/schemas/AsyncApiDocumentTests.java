package io.benchline.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** The AsyncAPI document is what billing and analytics code against: it must say what the code does. */
class AsyncApiDocumentTests {

    private static final Path DOCUMENT = Path.of("asyncapi.yaml");

    private final JsonNode document = YAMLMapper.builder().build().readTree(DOCUMENT.toFile());

    @Test
    void isAnAsyncApi3Document() {
        assertThat(document.path("asyncapi").asString()).startsWith("3.");
    }

    @Test
    void describesExactlyTheTopicsOfTheCatalogueAndTheirDeadLetterTopics() {
        Set<String> inCode = Stream.of(Topic.values())
                .flatMap(t -> Stream.of(t.topicName(), t.deadLetterTopicName()))
                .collect(Collectors.toSet());
        Set<String> inDocument = new HashSet<>();
        document.path("channels")
                .forEach(channel -> inDocument.add(channel.path("address").asString()));

        assertThat(inDocument).isEqualTo(inCode);
    }

    @Test
    void describesExactlyTheEventsOfTheCatalogue() {
        Set<String> inCode = Stream.of(Topic.values())
                .flatMap(t -> t.eventTypes().stream())
                .map(Class::getSimpleName)
                .collect(Collectors.toSet());
        Set<String> inDocument = new HashSet<>();
        document.path("components").path("messages").propertyNames().forEach(inDocument::add);
        inDocument.remove("DeadLetter");

        assertThat(inDocument).isEqualTo(inCode);
    }

    @Test
    void eachTopicCarriesItsEventWithTheNewestReleasedSchemaAndCloudEventsHeaders() {
        for (Topic topic : Topic.values()) {
            for (Class<?> type : topic.eventTypes()) {
                assertChannelCarries(topic, type);
            }
        }
    }

    private void assertChannelCarries(Topic topic, Class<?> type) {
        {
            JsonNode channel = channelFor(topic.topicName());
            String event = type.getSimpleName();
            assertThat(channel.path("messages").path(event).path("$ref").asString())
                    .as("channel %s", topic.topicName())
                    .isEqualTo("#/components/messages/" + event);
            assertThat(channel.path("bindings").path("kafka").path("partitions").asInt())
                    .isEqualTo(topic.partitions());

            JsonNode message = document.path("components").path("messages").path(event);
            int newest = ReleasedSchemas.of(type).size();
            String schemaRef =
                    message.path("payload").path("schema").path("$ref").asString();
            assertThat(schemaRef).endsWith(ReleasedSchemas.resourceName(type, newest));
            assertThat(Files.exists(Path.of(schemaRef))).as(schemaRef).isTrue();
            assertThat(message.path("headers").path("$ref").asString())
                    .isEqualTo("#/components/schemas/CloudEventHeaders");
        }
    }

    @Test
    void dependsOnEveryCloudEventsHeaderTheSerializerWrites() {
        Set<String> required = new HashSet<>();
        document.path("components")
                .path("schemas")
                .path("CloudEventHeaders")
                .path("required")
                .forEach(n -> required.add(n.asString()));

        assertThat(required)
                .containsExactlyInAnyOrder(
                        CloudEventHeaders.SPEC_VERSION,
                        CloudEventHeaders.ID,
                        CloudEventHeaders.TYPE,
                        CloudEventHeaders.SOURCE,
                        CloudEventHeaders.TIME,
                        CloudEventHeaders.SUBJECT,
                        CloudEventHeaders.CONTENT_TYPE);
    }

    private JsonNode channelFor(String address) {
        for (JsonNode channel : document.path("channels")) {
            if (channel.path("address").asString().equals(address)) {
                return channel;
            }
        }
        throw new AssertionError("no channel for " + address);
    }
}
