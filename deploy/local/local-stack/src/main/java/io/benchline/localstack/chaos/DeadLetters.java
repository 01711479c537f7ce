package io.benchline.localstack.chaos;

import io.benchline.localstack.chaos.KafkaReading.DeadLetter;
import io.benchline.localstack.chaos.TenantHistory.Tenant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.kafka.support.KafkaHeaders;

/**
 * {@code dlt-explained}: every committed record of a {@code *-dlt} topic carries the headers Spring Kafka's {@code
 * DeadLetterPublishingRecoverer} adds (exception class, original topic, partition and offset), and is explained: its
 * tenant (record key, else {@code ce_subject}) reached a terminal event, so the dead letter cost no signup its
 * outcome; or it names no tenant the system accepted or requested (a poison record with a foreign or unreadable key
 * that belongs to no signup). A dead letter of a known tenant without a terminal event is a signup it stalled.
 */
final class DeadLetters {

    static final List<String> SPRING_HEADERS = List.of(
            KafkaHeaders.DLT_EXCEPTION_FQCN,
            KafkaHeaders.DLT_ORIGINAL_TOPIC,
            KafkaHeaders.DLT_ORIGINAL_PARTITION,
            KafkaHeaders.DLT_ORIGINAL_OFFSET);

    private DeadLetters() {}

    static InvariantResult check(List<DeadLetter> deadLetters, Map<String, Tenant> tenants) {
        List<String> violations = new ArrayList<>();
        for (DeadLetter d : deadLetters) {
            String tenantId = d.key() != null ? d.key() : d.headers().get("ce_subject");
            List<String> missing = SPRING_HEADERS.stream()
                    .filter(h -> !d.headers().containsKey(h))
                    .toList();
            if (!missing.isEmpty()) {
                violations.add(d.where() + " (key " + tenantId + ") lacks Spring's dead-letter headers " + missing);
            }
            Tenant tenant = tenantId == null ? null : tenants.get(tenantId);
            if (tenant != null && tenant.terminals.isEmpty()) {
                violations.add(d.where() + " (from " + d.headers().getOrDefault(KafkaHeaders.DLT_ORIGINAL_TOPIC, "?")
                        + ", " + d.headers().getOrDefault(KafkaHeaders.DLT_EXCEPTION_FQCN, "?") + "): tenant "
                        + tenant.id + " never reached a terminal event");
            }
        }
        return new InvariantResult("dlt-explained", deadLetters.size(), violations);
    }
}
