package io.benchline.schemas;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;

/**
 * Every released version of an event's schema, kept as resources at
 * {@code io/benchline/schemas/released/<Event>/v<N>.avsc}. Readers register them so they can decode records
 * written by any older producer; the compatibility test checks the current schema against all of them.
 */
public final class ReleasedSchemas {

    private ReleasedSchemas() {}

    /** Released versions, oldest first. */
    public static List<Schema> of(Class<?> eventType) {
        List<Schema> versions = new ArrayList<>();
        for (int version = 1; ; version++) {
            String resource = resourceName(eventType, version);
            try (InputStream in = ReleasedSchemas.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    return versions;
                }
                versions.add(new Schema.Parser().parse(in));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read released schema " + resource, e);
            }
        }
    }

    public static String resourceName(Class<?> eventType, int version) {
        return "io/benchline/schemas/released/" + eventType.getSimpleName() + "/v" + version + ".avsc";
    }
}
