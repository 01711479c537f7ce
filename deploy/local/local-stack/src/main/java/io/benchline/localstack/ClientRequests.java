package io.benchline.localstack;

import java.lang.management.ManagementFactory;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;

/**
 * Which of the services' Kafka clients the broker's requests come from: each client's own {@code request-total} (and
 * its {@code record-send-total} or {@code fetch-total}), from the MBeans every Kafka client registers, read through
 * the JDK's attach API ({@link AttachedJvm}). The broker's counters ({@link BrokerRequests}) say how many requests of
 * each kind; these say whose, e.g. that the provisioner's ledger writer sends ~4.5 produce requests per signup.
 */
final class ClientRequests {

    /** A client as the report names it: a Streams client's instance UUID is cut, so runs compare. */
    record Client(String service, String kind, String clientId) {}

    /** Counts so far: requests, and records sent (producers) or fetches (consumers); 0 for admin clients. */
    record Counts(double requests, double items) {}

    private static final Pattern INSTANCE_ID =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Map<String, String> KINDS = Map.of(
            "kafka.producer:type=producer-metrics", "producer",
            "kafka.consumer:type=consumer-metrics", "consumer",
            "kafka.admin.client:type=admin-client-metrics", "admin");

    private ClientRequests() {}

    /** Every client of every given service so far; a service whose JVM cannot be read (stopped) is left out. */
    static Map<Client, Counts> count(Map<String, Long> servicePids) {
        Map<Client, Counts> counts = new LinkedHashMap<>();
        servicePids.forEach((service, pid) -> {
            try {
                AttachedJvm.read(pid, server -> {
                    read(service, server, counts);
                    return null;
                });
            } catch (Exception e) {
                // Stopped meanwhile, or not attachable: its clients are not in the report.
            }
        });
        return counts;
    }

    /**
     * One Kafka client of this JVM (the launcher's load driver) so far, zero if it has none by that id: a JVM cannot
     * attach to itself, so it reads its own MBean server.
     */
    static Counts ownClient(String clientId) {
        Map<Client, Counts> counts = new LinkedHashMap<>();
        try {
            read("local-stack", ManagementFactory.getPlatformMBeanServer(), counts);
        } catch (Exception e) {
            throw new IllegalStateException("cannot read this JVM's Kafka client metrics: " + e, e);
        }
        return counts.entrySet().stream()
                .filter(e -> e.getKey().clientId().equals(clientId))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse(new Counts(0, 0));
    }

    private static void read(String service, MBeanServerConnection server, Map<Client, Counts> counts)
            throws Exception {
        for (Map.Entry<String, String> kind : KINDS.entrySet()) {
            for (ObjectName name : server.queryNames(new ObjectName(kind.getKey() + ",client-id=*"), null)) {
                String clientId = name.getKeyProperty("client-id");
                double requests = number(server, name, "request-total");
                double items = switch (kind.getValue()) {
                    case "producer" -> number(server, name, "record-send-total");
                    case "consumer" ->
                        number(
                                server,
                                // The client id as it stands in the MBean's name (quoted there if it must be).
                                new ObjectName(
                                        "kafka.consumer:type=consumer-fetch-manager-metrics,client-id=" + clientId),
                                "fetch-total");
                    default -> 0;
                };
                String shown = clientId.startsWith("\"") ? ObjectName.unquote(clientId) : clientId;
                Client client = new Client(
                        service, kind.getValue(), INSTANCE_ID.matcher(shown).replaceAll("…"));
                counts.merge(
                        client,
                        new Counts(requests, items),
                        (a, b) -> new Counts(a.requests() + b.requests(), a.items() + b.items()));
            }
        }
    }

    private static double number(MBeanServerConnection server, ObjectName name, String attribute) {
        try {
            return ((Number) server.getAttribute(name, attribute)).doubleValue();
        } catch (Exception e) {
            return 0;
        }
    }

    /** The {@code top} clients by requests per completed signup, and how many requests all of them sent. */
    static String report(Map<Client, Counts> before, Map<Client, Counts> after, int signups, int top) {
        if (signups == 0 || after.isEmpty()) {
            return "";
        }
        List<Map.Entry<Client, Counts>> deltas = after.entrySet().stream()
                .map(e -> {
                    Counts earlier = before.getOrDefault(e.getKey(), new Counts(0, 0));
                    return Map.entry(
                            e.getKey(),
                            new Counts(
                                    e.getValue().requests() - earlier.requests(),
                                    e.getValue().items() - earlier.items()));
                })
                .sorted(Comparator.comparingDouble(
                                (Map.Entry<Client, Counts> e) -> e.getValue().requests())
                        .reversed())
                .toList();
        double total = deltas.stream().mapToDouble(e -> e.getValue().requests()).sum();
        StringBuilder out = new StringBuilder(String.format(
                "Kafka requests per signup by client (the services' own client metrics; top %d of %d; all of them"
                        + " %.1f per signup)%n",
                Math.min(top, deltas.size()), deltas.size(), total / signups));
        out.append(
                String.format("  %-20s %-9s %-58s %9s %9s%n", "service", "client", "client id", "requests", "records"));
        for (Map.Entry<Client, Counts> delta : deltas.subList(0, Math.min(top, deltas.size()))) {
            Client client = delta.getKey();
            out.append(String.format(
                    "  %-20s %-9s %-58s %9.2f %9.2f%s%n",
                    client.service(),
                    client.kind(),
                    client.clientId(),
                    delta.getValue().requests() / signups,
                    delta.getValue().items() / signups,
                    client.kind().equals("consumer") ? " (fetches)" : ""));
        }
        return out.toString();
    }
}
