package io.benchline.localstack;

import io.benchline.events.ProvisioningProgressed;
import io.benchline.schemas.AvroEventDeserializer;
import io.benchline.schemas.Topic;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;

/**
 * One signup's way through the pipeline, read from Kafka after the run: every record any service wrote about the
 * tenant (its id in the record's key or value; Avro and the services' own codecs write it as UTF-8), in the order of
 * the records' timestamps, relative to the moment the load driver sent the POST. A record's timestamp is its
 * producer's clock when it was sent (the topics keep CreateTime); for a transactional record, readers see it only
 * after the commit that follows. Kafka's own bookkeeping ({@code __consumer_offsets}, {@code __transaction_state})
 * does not name tenants and is left out. Tells which hop the time goes to, which the per-stage durations cannot.
 */
final class SignupTimeline {

    private SignupTimeline() {}

    /** Tenant's records between the two snapshots, one line each, as "+ms topic (type)". */
    static String of(
            Map<String, Object> clientConfig,
            Map<TopicPartition, Long> before,
            Map<TopicPartition, Long> after,
            String tenantId,
            HopLatencies.DriverTimes driver,
            Duration limit) {
        long postSentMillis = driver.postSent();
        List<String[]> lines = new ArrayList<>();
        List<Long> times = new ArrayList<>();
        TopicRecords.read(clientConfig, before, after, tp -> !tp.topic().startsWith("__"), limit, record -> {
            if (names(record.key(), tenantId) || names(record.value(), tenantId)) {
                times.add(record.timestamp());
                lines.add(new String[] {record.topic(), type(record)});
            }
        });
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < times.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingLong(times::get));
        StringBuilder out = new StringBuilder(String.format(
                "one signup's records (the median one, %s), ms after its POST was sent; record timestamps are the"
                        + " producer's send time%n",
                tenantId));
        out.append(String.format("%8s  POST sent by the load driver%n", "+0"));
        String answered = String.format(
                "%8s  POST answered 202 (its claim committed)%n", "+" + (driver.postAnswered() - postSentMillis));
        boolean answerShown = false;
        for (int i : order) {
            if (!answerShown && times.get(i) > driver.postAnswered()) {
                out.append(answered);
                answerShown = true;
            }
            out.append(String.format(
                    "%8s  %s %s%n", "+" + (times.get(i) - postSentMillis), lines.get(i)[0], lines.get(i)[1]));
        }
        if (!answerShown) {
            out.append(answered);
        }
        out.append(String.format(
                "%8s  SignupCompleted read (committed) by the load driver%n",
                "+" + (driver.completionSeen() - postSentMillis)));
        return out.toString();
    }

    /**
     * The CloudEvents type where the record has one (the public events), without its common prefix; a progress
     * event also shows its step and phase.
     */
    private static String type(ConsumerRecord<byte[], byte[]> record) {
        Header type = record.headers().lastHeader("ce_type");
        if (type == null) {
            return "";
        }
        String name = new String(type.value(), StandardCharsets.UTF_8);
        name = name.substring(name.lastIndexOf('.') + 1);
        if (record.topic().equals(Topic.PROVISIONING_PROGRESS.topicName())) {
            try (AvroEventDeserializer events = new AvroEventDeserializer()) {
                if (events.deserialize(record.topic(), record.headers(), record.value())
                        instanceof ProvisioningProgressed step) {
                    name += " " + step.getStep() + " " + step.getPhase();
                }
            }
        }
        return "(" + name + ")";
    }

    /** Whether the bytes hold the id: Avro and the services' codecs write it as UTF-8, all of it ASCII. */
    private static boolean names(byte[] bytes, String tenantId) {
        return bytes != null && new String(bytes, StandardCharsets.ISO_8859_1).contains(tenantId);
    }
}
