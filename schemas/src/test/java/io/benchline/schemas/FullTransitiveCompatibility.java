package io.benchline.schemas;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;

/**
 * FULL_TRANSITIVE: the new schema reads data written with every released version, and every released version
 * reads data written with the new one.
 */
final class FullTransitiveCompatibility {

    private FullTransitiveCompatibility() {}

    /** Problems found, empty when compatible. */
    static List<String> problems(Schema candidate, List<Schema> released) {
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < released.size(); i++) {
            Schema old = released.get(i);
            String version = "v" + (i + 1);
            check(candidate, old, "new reader cannot read " + version + " data", problems);
            check(old, candidate, version + " reader cannot read new data", problems);
        }
        return problems;
    }

    private static void check(Schema reader, Schema writer, String what, List<String> problems) {
        var result = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
        if (result.getType() != SchemaCompatibilityType.COMPATIBLE) {
            problems.add(what + ": " + result.getResult().getIncompatibilities());
        }
    }
}
