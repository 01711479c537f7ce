package io.benchline.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchline.events.ProvisioningFailed;
import io.benchline.events.test.EvolvingEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.specific.SpecificData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SchemaCompatibilityTests {

    static Stream<Class<?>> events() {
        return Stream.concat(
                Stream.of(Topic.values()).flatMap(t -> t.eventTypes().stream()), Stream.of(EvolvingEvent.class));
    }

    @ParameterizedTest
    @MethodSource("events")
    void currentSchemaIsFullTransitiveCompatibleWithEveryReleasedVersion(Class<?> event) {
        Schema current = SpecificData.get().getSchema(event);
        List<Schema> released = ReleasedSchemas.of(event);

        assertThat(released)
                .as("released versions of %s", event.getSimpleName())
                .isNotEmpty();
        assertThat(FullTransitiveCompatibility.problems(current, released)).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("events")
    void currentSchemaIsReleased(Class<?> event) {
        Schema current = SpecificData.get().getSchema(event);
        List<Schema> released = ReleasedSchemas.of(event);
        Schema newest = released.get(released.size() - 1);

        // A changed schema must be released (kept) before it ships, or consumers could not decode its records. Compared
        // in parsing canonical form, the form the single-object fingerprint is taken of (Schema.equals let an added
        // enum symbol pass unreleased).
        assertThat(SchemaNormalization.toParsingForm(newest))
                .as(
                        "%s changed: add it as %s with this content:%n%s",
                        event.getSimpleName(),
                        ReleasedSchemas.resourceName(event, released.size() + 1),
                        current.toString(true))
                .isEqualTo(SchemaNormalization.toParsingForm(current));
    }

    @Test
    void newFieldWithoutDefaultIsRejected() {
        Schema current = ProvisioningFailed.getClassSchema();
        Schema broken = withExtraField(current, new Schema.Field("region", Schema.create(Schema.Type.STRING)));

        assertThat(FullTransitiveCompatibility.problems(broken, ReleasedSchemas.of(ProvisioningFailed.class)))
                .anySatisfy(problem -> assertThat(problem).asString().contains("new reader cannot read v1 data"));
    }

    @Test
    void newFieldWithDefaultIsAccepted() {
        Schema current = ProvisioningFailed.getClassSchema();
        Schema evolved =
                withExtraField(current, new Schema.Field("region", Schema.create(Schema.Type.STRING), null, "eu"));

        assertThat(FullTransitiveCompatibility.problems(evolved, ReleasedSchemas.of(ProvisioningFailed.class)))
                .isEmpty();
    }

    private static Schema withExtraField(Schema record, Schema.Field extra) {
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field f : record.getFields()) {
            fields.add(new Schema.Field(f.name(), f.schema(), f.doc(), f.defaultVal()));
        }
        fields.add(extra);
        return Schema.createRecord(record.getName(), record.getDoc(), record.getNamespace(), false, fields);
    }
}
