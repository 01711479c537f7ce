package io.benchline.localstack.chaos;

import io.benchline.events.ProvisioningFailed;
import io.benchline.events.SignupCompleted;
import io.benchline.events.SiteProvisioned;
import io.benchline.events.TenantDeleted;
import io.benchline.events.TenantRequested;
import io.benchline.localstack.chaos.KafkaReading.TenantEvent;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Each tenant's story as the committed events tell it: its requests, the sites emitted for it, its terminal events
 * and its deletion. Times are the records' timestamps (the producer's clock when it sent them, the machine's clock
 * that the simulator's records use too). The tenants are those the driver saw accepted, every key of {@code
 * tenant.requested}, and every tenant signup-service keeps a status for ({@code signup.streams-signup-status-changelog}, its status store's changelog: it accepted that
 * signup, even when the driver never got the 202 because the service died answering).
 */
final class TenantHistory {

    record Request(Instant at, int attempt, String siteName, String subdomain, String where) {}

    record Provisioned(Instant at, int attempt, String siteName, String eventId, String where) {}

    record Terminal(
            Instant at,
            int attempt,
            boolean completed,
            String eventId,
            String detail,
            String siteName,
            String adminEmail,
            String where) {

        String kind() {
            return completed ? "SignupCompleted" : "ProvisioningFailed";
        }
    }

    static final class Tenant {
        final String id;
        final boolean accepted;
        final List<Request> requests = new ArrayList<>();
        final List<Provisioned> provisioned = new ArrayList<>();
        final List<Terminal> terminals = new ArrayList<>();
        Instant deletedAt;

        Tenant(String id, boolean accepted) {
            this.id = id;
            this.accepted = accepted;
        }

        /** The highest attempt any of its events names (1 when none does). */
        int latestAttempt() {
            int latest = 1;
            for (Request r : requests) {
                latest = Math.max(latest, r.attempt());
            }
            for (Terminal t : terminals) {
                latest = Math.max(latest, t.attempt());
            }
            for (Provisioned p : provisioned) {
                latest = Math.max(latest, p.attempt());
            }
            return latest;
        }

        /** Distinct terminal events (by eventId) of each attempt, in time order. */
        Map<Integer, List<Terminal>> terminalsByAttempt() {
            Map<Integer, List<Terminal>> byAttempt = new TreeMap<>();
            Set<String> seen = new LinkedHashSet<>();
            terminals.stream()
                    .sorted(Comparator.comparing(Terminal::at))
                    .filter(t -> seen.add(t.eventId()))
                    .forEach(t -> byAttempt
                            .computeIfAbsent(t.attempt(), a -> new ArrayList<>())
                            .add(t));
            return byAttempt;
        }

        /** The last terminal event of the latest attempt: the signup's outcome. */
        Optional<Terminal> outcome() {
            List<Terminal> latest = terminalsByAttempt().getOrDefault(latestAttempt(), List.of());
            return latest.isEmpty() ? Optional.empty() : Optional.of(latest.get(latest.size() - 1));
        }

        /** The first terminal event of {@code attempt} after {@code at}, if any. */
        Optional<Terminal> terminalAfter(int attempt, Instant at) {
            return terminals.stream()
                    .filter(t -> t.attempt() == attempt && !t.at().isBefore(at))
                    .min(Comparator.comparing(Terminal::at));
        }

        /** Site names this tenant asked for or was given. */
        Set<String> siteNames() {
            Set<String> names = new LinkedHashSet<>();
            requests.forEach(r -> names.add(r.siteName()));
            provisioned.forEach(p -> names.add(p.siteName()));
            return names;
        }
    }

    private TenantHistory() {}

    static Map<String, Tenant> of(List<TenantEvent> events, List<AcceptedSignup> accepted, Set<String> statusKeys) {
        Map<String, Tenant> tenants = new TreeMap<>();
        accepted.forEach(a -> tenants.put(a.tenantId(), new Tenant(a.tenantId(), true)));
        statusKeys.forEach(id -> tenant(tenants, id));
        List<TenantEvent> ordered = events.stream()
                .sorted(Comparator.comparing(TenantEvent::timestamp).thenComparing(TenantEvent::offset))
                .toList();
        for (TenantEvent e : ordered) {
            if (e.event() instanceof TenantRequested r) {
                tenant(tenants, r.getTenantId().toString())
                        .requests
                        .add(new Request(
                                e.timestamp(),
                                r.getSignup().getAttempt(),
                                r.getSignup().getSiteName(),
                                r.getSignup().getSubdomain(),
                                e.where()));
            }
        }
        for (TenantEvent e : ordered) {
            if (e.event() instanceof SiteProvisioned p) {
                known(tenants, p.getTenantId().toString())
                        .ifPresent(t -> t.provisioned.add(new Provisioned(
                                e.timestamp(),
                                p.getSignup().getAttempt(),
                                p.getSite().getSiteName(),
                                p.getEventId().toString(),
                                e.where())));
            } else if (e.event() instanceof SignupCompleted c) {
                known(tenants, c.getTenantId().toString())
                        .ifPresent(t -> t.terminals.add(new Terminal(
                                e.timestamp(),
                                c.getAttempt(),
                                true,
                                c.getEventId().toString(),
                                "completed",
                                host(c.getSiteUrl()),
                                c.getAdminEmail(),
                                e.where())));
            } else if (e.event() instanceof ProvisioningFailed f) {
                known(tenants, f.getTenantId().toString())
                        .ifPresent(t -> t.terminals.add(new Terminal(
                                e.timestamp(),
                                f.getAttempt(),
                                false,
                                f.getEventId().toString(),
                                f.getStage() + "/" + f.getReason(),
                                null,
                                null,
                                e.where())));
            } else if (e.event() instanceof TenantDeleted d) {
                known(tenants, d.getTenantId().toString()).ifPresent(t -> {
                    if (t.deletedAt == null) {
                        t.deletedAt = e.timestamp();
                    }
                });
            }
        }
        return tenants;
    }

    private static Tenant tenant(Map<String, Tenant> tenants, String id) {
        return tenants.computeIfAbsent(id, i -> new Tenant(i, false));
    }

    /** Events of tenants that were never requested nor accepted (another test's, a canary's) are not checked. */
    private static Optional<Tenant> known(Map<String, Tenant> tenants, String id) {
        return Optional.ofNullable(tenants.get(id));
    }

    private static String host(String url) {
        try {
            return URI.create(url).getHost();
        } catch (IllegalArgumentException e) {
            return url;
        }
    }
}
