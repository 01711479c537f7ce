package io.benchline.schemas;

import io.benchline.events.EmailVerification;
import io.benchline.events.KeysActive;
import io.benchline.events.LoginKeyIssued;
import io.benchline.events.LoginKeyRequested;
import io.benchline.events.OperatorCommandIssued;
import io.benchline.events.ProvisioningFailed;
import io.benchline.events.ProvisioningProgressed;
import io.benchline.events.SignupCompleted;
import io.benchline.events.SiteOperationCompleted;
import io.benchline.events.SiteOperationRequested;
import io.benchline.events.SiteProvisioned;
import io.benchline.events.TenantActivated;
import io.benchline.events.TenantDeleted;
import io.benchline.events.TenantPlanChanged;
import io.benchline.events.TenantRequested;
import io.benchline.events.TenantResumed;
import io.benchline.events.TenantSuspended;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;

/**
 * The catalogue of public topics, keyed by tenantId, each with a dead-letter topic of the same partition count (so
 * the recoverer can keep a record's partition). Most carry one event type; {@link #TENANT_LIFECYCLE} carries several
 * separate top-level records, told apart by {@code ce_type} and by the schema fingerprint of the single-object
 * encoding (which is how {@link AvroEventDeserializer} picks the reader class).
 */
public enum Topic {
    TENANT_REQUESTED("tenant.requested", TenantRequested.class, Duration.ofDays(30)),
    PROVISIONING_PROGRESS("tenant.provisioning-progress", ProvisioningProgressed.class, Duration.ofDays(7)),
    SITE_PROVISIONED("tenant.site-provisioned", SiteProvisioned.class, Duration.ofDays(30)),
    KEYS_ACTIVE("tenant.keys-active", KeysActive.class, Duration.ofDays(30)),
    PROVISIONING_FAILED("tenant.provisioning-failed", ProvisioningFailed.class, Duration.ofDays(30)),
    SIGNUP_COMPLETED("tenant.signup-completed", SignupCompleted.class, Duration.ofDays(30)),
    EMAIL_VERIFICATION("tenant.email-verification", EmailVerification.class, Duration.ofDays(30)),
    /** Login keys live minutes; a day covers any replay after an outage. */
    LOGIN_KEY_REQUESTED("tenant.login-key-requested", LoginKeyRequested.class, Duration.ofDays(1)),
    LOGIN_KEY_ISSUED("tenant.login-key-issued", LoginKeyIssued.class, Duration.ofDays(1)),
    /** The audit trail of operator actions: kept a year. */
    OPERATOR_COMMANDS("tenant.operator-commands", OperatorCommandIssued.class, Duration.ofDays(365)),
    SITE_OPERATION_REQUESTED("tenant.site-operation-requested", SiteOperationRequested.class, Duration.ofDays(30)),
    SITE_OPERATION_COMPLETED("tenant.site-operation-completed", SiteOperationCompleted.class, Duration.ofDays(30)),
    /** Billing rebuilds its per-tenant state from the start of this topic: kept ten years (never compacted). */
    TENANT_LIFECYCLE(
            "tenant.lifecycle",
            List.of(
                    TenantActivated.class,
                    TenantSuspended.class,
                    TenantResumed.class,
                    TenantPlanChanged.class,
                    TenantDeleted.class),
            Duration.ofDays(3650));

    /**
     * Partitions bound provisioning parallelism across consumer-group members; 12 divides evenly among 1, 2, 3,
     * 4 and 6 instances.
     */
    public static final int PARTITIONS = 12;

    /** Dead letters wait for an operator; keep them longer than any incident lasts. */
    public static final Duration DEAD_LETTER_RETENTION = Duration.ofDays(30);

    private static final String DEAD_LETTER_SUFFIX = "-dlt";

    private final String topicName;
    private final List<Class<? extends SpecificRecord>> eventTypes;
    private final Duration retention;

    Topic(String topicName, Class<? extends SpecificRecord> eventType, Duration retention) {
        this(topicName, List.of(eventType), retention);
    }

    Topic(String topicName, List<Class<? extends SpecificRecord>> eventTypes, Duration retention) {
        this.topicName = topicName;
        this.eventTypes = List.copyOf(eventTypes);
        this.retention = retention;
    }

    public String topicName() {
        return topicName;
    }

    /** Every event type this topic carries (one for all but {@link #TENANT_LIFECYCLE}). */
    public List<Class<? extends SpecificRecord>> eventTypes() {
        return eventTypes;
    }

    /** The one event type of a single-type topic; use {@link #eventTypes()} for a topic that carries several. */
    public Class<? extends SpecificRecord> eventType() {
        if (eventTypes.size() != 1) {
            throw new IllegalStateException(topicName + " carries several event types: " + eventTypes);
        }
        return eventTypes.get(0);
    }

    public boolean carriesSeveralTypes() {
        return eventTypes.size() > 1;
    }

    public Duration retention() {
        return retention;
    }

    public int partitions() {
        return PARTITIONS;
    }

    public String deadLetterTopicName() {
        return topicName + DEAD_LETTER_SUFFIX;
    }

    /** The CloudEvents {@code ce_type} of a single-type topic's events, e.g. {@code io.benchline.tenant.SiteProvisioned}. */
    public String cloudEventType() {
        return cloudEventType(eventType());
    }

    public static String cloudEventType(Class<? extends SpecificRecord> eventType) {
        return "io.benchline.tenant." + eventType.getSimpleName();
    }

    public static Optional<Topic> byName(String topicName) {
        return Arrays.stream(values())
                .filter(t -> t.topicName.equals(topicName))
                .findFirst();
    }

    public static Optional<Topic> byEventType(Class<?> eventType) {
        return Arrays.stream(values())
                .filter(t -> t.eventTypes.contains(eventType))
                .findFirst();
    }
}
