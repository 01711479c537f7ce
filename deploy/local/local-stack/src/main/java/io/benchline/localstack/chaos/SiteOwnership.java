package io.benchline.localstack.chaos;

import io.benchline.localstack.chaos.SiteHistory.Incarnation;
import io.benchline.localstack.chaos.TenantHistory.Provisioned;
import io.benchline.localstack.chaos.TenantHistory.Request;
import io.benchline.localstack.chaos.TenantHistory.Tenant;
import io.benchline.localstack.chaos.TenantHistory.Terminal;
import io.benchline.simulator.SiteView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Which tenant each site incarnation ({@link SiteHistory}) belongs to, decided by the events and never by the name
 * alone (a released subdomain may be signed up again): an incarnation alive when a tenant's {@code SiteProvisioned}
 * named it is that tenant's; one no {@code SiteProvisioned} names belongs to the tenant whose {@code TenantRequested}
 * for that site name came last before the build (the provisioner builds only for a request it read), and to nobody
 * when no request came before it (a standby). On that mapping it decides the site invariants:
 *
 * <ul>
 *   <li>{@code one-live-site-per-tenant}: a tenant's incarnations are counted, leaving out those dropped after a
 *       {@code SiteProvisioned} of that tenant named them (a failed signup's site cleaned up; a later attempt may
 *       build anew); more than one is a violation: a second site beside the first, or a finished site (new-site exit
 *       0) dropped and built again (design invariant 2: a site is never created twice for one tenant). An
 *       interrupted build is not a finished site, so dropping and rebuilding it is correct and not counted;
 *   <li>{@code unique-subdomains}: see {@link #uniqueSubdomains()};
 *   <li>{@code failed-leaves-no-site}: a tenant whose outcome is {@code ProvisioningFailed} owns no incarnation
 *       alive at the end, and no half-built site its own last build attempt left under its name;
 *   <li>{@code completed-has-user}: a completed (not deleted) tenant's site — the one its latest {@code
 *       SiteProvisioned} of that attempt names — is on the host and has the {@code SignupCompleted}'s admin email
 *       among its users.
 * </ul>
 */
final class SiteOwnership {

    private final Map<String, Tenant> tenants;
    private final SiteHistory sites;
    /** Each incarnation's owners through SiteProvisioned (more than one is a violation). */
    private final Map<Incarnation, Set<String>> emittedFor = new IdentityHashMap<>();

    private final Map<Incarnation, String> owner = new IdentityHashMap<>();
    private final Map<String, List<Incarnation>> byTenant = new TreeMap<>();

    SiteOwnership(Map<String, Tenant> tenants, SiteHistory sites) {
        this.tenants = tenants;
        this.sites = sites;
        for (Tenant t : tenants.values()) {
            for (Provisioned p : t.provisioned) {
                sites.at(p.siteName(), p.at())
                        .ifPresent(i -> emittedFor
                                .computeIfAbsent(i, x -> new LinkedHashSet<>())
                                .add(t.id));
            }
        }
        Map<String, List<Request>> requestsByName = new TreeMap<>();
        Map<Request, String> requester = new IdentityHashMap<>();
        for (Tenant t : tenants.values()) {
            for (Request r : t.requests) {
                requestsByName
                        .computeIfAbsent(r.siteName(), n -> new ArrayList<>())
                        .add(r);
                requester.put(r, t.id);
            }
        }
        Set<String> names = new LinkedHashSet<>(requestsByName.keySet());
        tenants.values().forEach(t -> names.addAll(t.siteNames()));
        for (String name : names) {
            for (Incarnation i : sites.of(name)) {
                Set<String> emitted = emittedFor.get(i);
                String who = emitted != null
                        ? emitted.iterator().next()
                        : requestsByName.getOrDefault(name, List.of()).stream()
                                .filter(r -> !r.at().isAfter(i.builtAt))
                                .max(Comparator.comparing(Request::at))
                                .map(requester::get)
                                .orElse(null);
                if (who != null) {
                    owner.put(i, who);
                    byTenant.computeIfAbsent(who, w -> new ArrayList<>()).add(i);
                }
            }
        }
    }

    /** {@code one-live-site-per-tenant}. */
    InvariantResult oneLiveSitePerTenant() {
        List<String> violations = new ArrayList<>();
        byTenant.forEach((tenantId, lives) -> {
            List<Incarnation> counted = lives.stream()
                    .filter(i ->
                            !(i.dropped && emittedFor.getOrDefault(i, Set.of()).contains(tenantId)))
                    .toList();
            if (counted.size() > 1) {
                violations.add("tenant " + tenantId + ": " + counted.size()
                        + " sites built and not dropped after their SiteProvisioned: " + counted);
            }
        });
        return new InvariantResult("one-live-site-per-tenant", tenants.size(), violations);
    }

    /**
     * {@code unique-subdomains}: a site incarnation emitted for two tenants; two tenants owning one site name over
     * overlapping times (from a tenant's first SiteProvisioned, or its SignupCompleted, for that name until its failure,
     * its deletion, or the end); two live, completed tenants with one subdomain.
     */
    InvariantResult uniqueSubdomains() {
        List<String> violations = new ArrayList<>();
        emittedFor.forEach((incarnation, owners) -> {
            if (owners.size() > 1) {
                violations.add("site " + incarnation + " emitted in SiteProvisioned for tenants " + owners);
            }
        });
        record Ownership(String tenantId, String name, Instant from, Instant to) {}
        Map<String, List<Ownership>> byName = new TreeMap<>();
        for (Tenant t : tenants.values()) {
            Map<String, Instant> from = new LinkedHashMap<>();
            t.provisioned.forEach(p -> from.merge(p.siteName(), p.at(), (a, b) -> a.isBefore(b) ? a : b));
            t.outcome()
                    .filter(Terminal::completed)
                    .filter(o -> o.siteName() != null)
                    .ifPresent(o -> from.merge(o.siteName(), o.at(), (a, b) -> a.isBefore(b) ? a : b));
            Instant failedAt =
                    t.outcome().filter(o -> !o.completed()).map(Terminal::at).orElse(null);
            Instant to = failedAt != null ? failedAt : t.deletedAt;
            from.forEach((name, start) ->
                    byName.computeIfAbsent(name, n -> new ArrayList<>()).add(new Ownership(t.id, name, start, to)));
        }
        byName.forEach((name, owners) -> {
            for (int a = 0; a < owners.size(); a++) {
                for (int b = a + 1; b < owners.size(); b++) {
                    Ownership x = owners.get(a);
                    Ownership y = owners.get(b);
                    boolean overlap = (x.to() == null || y.from().isBefore(x.to()))
                            && (y.to() == null || x.from().isBefore(y.to()));
                    if (!x.tenantId().equals(y.tenantId()) && overlap) {
                        violations.add("site " + name + " owned by tenants " + x.tenantId() + " (from " + x.from()
                                + ") and " + y.tenantId() + " (from " + y.from() + ") at the same time");
                    }
                }
            }
        });
        return new InvariantResult("unique-subdomains", byName.size(), violations);
    }

    /** {@code failed-leaves-no-site}: no site of a tenant whose outcome is ProvisioningFailed is left on the host. */
    InvariantResult failedLeavesNoSite() {
        List<String> violations = new ArrayList<>();
        int checked = 0;
        for (Tenant t : tenants.values()) {
            Optional<Terminal> outcome = t.outcome();
            if (outcome.isEmpty() || outcome.get().completed()) {
                continue;
            }
            checked++;
            for (Incarnation i : byTenant.getOrDefault(t.id, List.of())) {
                if (i.liveAtEnd()) {
                    violations.add("tenant " + t.id + " failed ("
                            + outcome.get().detail() + ") but its site " + i + " is still on the host");
                }
            }
            // A half-built site (no successful build, so no incarnation) that its own build attempt left behind.
            for (String name : t.siteNames()) {
                Optional<SiteView> left = sites.liveSite(name);
                Optional<Instant> lastAttempt = sites.lastBuildAttempt(name);
                boolean noIncarnationLive = sites.of(name).stream().noneMatch(Incarnation::liveAtEnd);
                if (left.isPresent()
                        && noIncarnationLive
                        && lastAttempt.isPresent()
                        && lastRequester(name, lastAttempt.get())
                                .filter(t.id::equals)
                                .isPresent()) {
                    violations.add(
                            "tenant " + t.id + " failed (" + outcome.get().detail() + ") but its site " + name
                                    + " is left " + left.get().state());
                }
            }
        }
        return new InvariantResult("failed-leaves-no-site", checked, violations);
    }

    /** {@code completed-has-user}: a completed tenant's site is there, built, and has the admin email as a user. */
    InvariantResult completedHasUser() {
        List<String> violations = new ArrayList<>();
        int checked = 0;
        for (Tenant t : tenants.values()) {
            Optional<Terminal> outcome = t.outcome().filter(Terminal::completed);
            if (outcome.isEmpty() || t.deletedAt != null) {
                continue;
            }
            checked++;
            String name = t.provisioned.stream()
                    .filter(p -> p.attempt() == outcome.get().attempt())
                    .map(Provisioned::siteName)
                    .reduce((a, b) -> b)
                    .orElse(outcome.get().siteName());
            Optional<SiteView> site = sites.liveSite(name);
            if (site.isEmpty()) {
                violations.add("tenant " + t.id + " completed but its site " + name + " is not on the host");
            } else if (site.get().userEmails().stream()
                    .noneMatch(e -> e.toLowerCase(Locale.ROOT)
                            .equals(String.valueOf(outcome.get().adminEmail()).toLowerCase(Locale.ROOT)))) {
                violations.add("tenant " + t.id + " completed but its site " + name + " ("
                        + site.get().state() + ") lacks the admin user of SignupCompleted "
                        + outcome.get().eventId());
            }
        }
        return new InvariantResult("completed-has-user", checked, violations);
    }

    private Optional<String> lastRequester(String name, Instant before) {
        return tenants.values().stream()
                .flatMap(t -> t.requests.stream()
                        .filter(r -> r.siteName().equals(name) && !r.at().isAfter(before))
                        .map(r -> Map.entry(r.at(), t.id)))
                .max(Map.Entry.comparingByKey())
                .map(Map.Entry::getValue);
    }

    /** The tenant an incarnation belongs to, if any. */
    Optional<String> owner(Incarnation incarnation) {
        return Optional.ofNullable(owner.get(incarnation));
    }
}
