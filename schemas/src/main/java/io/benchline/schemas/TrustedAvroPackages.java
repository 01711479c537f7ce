package io.benchline.schemas;

import org.apache.avro.util.ClassSecurityValidator;

/**
 * Avro 1.12 refuses to instantiate classes outside its trusted list when decoding; Benchline's generated events
 * live in {@code io.benchline.events}. The serde calls {@link #register()}, so every JVM that decodes events
 * trusts them.
 */
public final class TrustedAvroPackages {

    static final String EVENTS_PACKAGE = "io.benchline.events.";

    private TrustedAvroPackages() {}

    public static void register() {
        Registration.DONE.hashCode();
    }

    /** Class initialisation runs exactly once per JVM, which is what the global validator needs. */
    private enum Registration {
        DONE;

        Registration() {
            ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(
                    ClassSecurityValidator.getGlobal(), type -> type.getName().startsWith(EVENTS_PACKAGE)));
        }
    }
}
