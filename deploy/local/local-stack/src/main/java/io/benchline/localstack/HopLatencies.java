package io.benchline.localstack;

import io.benchline.schemas.Topic;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * Where one signup's time goes, hop by hop, over every completed signup of the run: the load driver's own clock for
 * the POST and the committed SignupCompleted, and in between the producer timestamp of each service's first record
 * for the tenant on the topic that marks its hop (every one keyed by tenant id). A hop ending at a record of the next
 * service is the previous service's commit or acknowledgement plus the next one's fetch and its work up to that
 * record; the percentiles of each hop are over the signups, so they do not add up to the end-to-end percentiles.
 */
final class HopLatencies {

    /** Wall-clock milliseconds the load driver saw for one signup. */
    record DriverTimes(long postSent, long postAnswered, long completionSeen) {}

    private static final String LEDGER = "provisioner.ledger";
    private static final List<String> MILESTONES = List.of(
            Topic.TENANT_REQUESTED.topicName(),
            LEDGER,
            Topic.SITE_PROVISIONED.topicName(),
            Topic.KEYS_ACTIVE.topicName(),
            Topic.SIGNUP_COMPLETED.topicName());

    private HopLatencies() {}

    static String of(
            Map<String, Object> clientConfig,
            Map<TopicPartition, Long> before,
            Map<TopicPartition, Long> after,
            Map<String, DriverTimes> signups,
            Duration limit) {
        Map<String, Map<String, Long>> firsts = firstRecords(clientConfig, before, after, signups, limit);
        List<String[]> hops = List.of(
                new String[] {"post", Topic.TENANT_REQUESTED.topicName(), "POST sent -> TenantRequested sent (signup)"},
                new String[] {"post", "answered", "POST sent -> answered 202 (claim committed)"},
                new String[] {
                    Topic.TENANT_REQUESTED.topicName(), LEDGER, "TenantRequested -> provisioner's first ledger write"
                },
                new String[] {
                    LEDGER, Topic.SITE_PROVISIONED.topicName(), "provisioner's first ledger write -> SiteProvisioned"
                },
                new String[] {
                    Topic.SITE_PROVISIONED.topicName(),
                    Topic.KEYS_ACTIVE.topicName(),
                    "SiteProvisioned -> KeysActive (verifier)"
                },
                new String[] {
                    Topic.KEYS_ACTIVE.topicName(),
                    Topic.SIGNUP_COMPLETED.topicName(),
                    "KeysActive -> SignupCompleted (user)"
                },
                new String[] {
                    Topic.SIGNUP_COMPLETED.topicName(), "seen", "SignupCompleted -> read committed by the driver"
                });
        StringBuilder out = new StringBuilder(String.format(
                "hops over %d completed signups (record timestamps = producer send time; driver's clock at the ends)%n",
                signups.size()));
        out.append(String.format("%-60s %8s %8s %6s%n", "hop", "p50 ms", "p90 ms", "n"));
        for (String[] hop : hops) {
            List<Long> gaps = new ArrayList<>();
            signups.forEach((tenant, driver) -> {
                Map<String, Long> at = new HashMap<>(firsts.getOrDefault(tenant, Map.of()));
                at.put("post", driver.postSent());
                at.put("answered", driver.postAnswered());
                at.put("seen", driver.completionSeen());
                if (at.containsKey(hop[0]) && at.containsKey(hop[1])) {
                    gaps.add(at.get(hop[1]) - at.get(hop[0]));
                }
            });
            Collections.sort(gaps);
            out.append(String.format(
                    "%-60s %8s %8s %6d%n", hop[2], percentile(gaps, 50), percentile(gaps, 90), gaps.size()));
        }
        return out.toString();
    }

    /** Per tenant, the timestamp of its first record on each milestone topic in the run. */
    private static Map<String, Map<String, Long>> firstRecords(
            Map<String, Object> clientConfig,
            Map<TopicPartition, Long> before,
            Map<TopicPartition, Long> after,
            Map<String, DriverTimes> signups,
            Duration limit) {
        Map<String, Map<String, Long>> firsts = new HashMap<>();
        TopicRecords.read(clientConfig, before, after, tp -> MILESTONES.contains(tp.topic()), limit, record -> {
            String tenant = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
            if (tenant != null && signups.containsKey(tenant)) {
                firsts.computeIfAbsent(tenant, t -> new HashMap<>())
                        .merge(record.topic(), record.timestamp(), Math::min);
            }
        });
        return firsts;
    }

    private static String percentile(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return "-";
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return Long.toString(sorted.get(Math.max(0, Math.min(index, sorted.size() - 1))));
    }
}
