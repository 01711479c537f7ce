package io.benchline.localstack.chaos;

import io.benchline.localstack.chaos.SiteHistory.Incarnation;
import io.benchline.localstack.chaos.TenantHistory.Provisioned;
import io.benchline.localstack.chaos.TenantHistory.Tenant;
import io.benchline.localstack.chaos.TenantHistory.Terminal;
import io.benchline.simulator.IssuedSecret;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code keys-not-rotated}. The API key and secret travel sealed (the checker holds no keyset, so it cannot open
 * them and ask the site whether the emitted secret still works); instead it reads the bench host's own journal of
 * every API secret it issued ({@link io.benchline.simulator.FrappeSimulator#issuedSecrets()}: each {@code
 * generate_keys}, over bench or REST, at the moment the host ran it). The secret a {@code SiteProvisioned} carries is
 * the last one issued on that site before the event was sent; it stays the site's secret exactly as long as no
 * Administrator secret is issued on that site after it. So the window of a {@code SiteProvisioned} (tenant,
 * attempt, site) opens at the record's timestamp and closes at the first of: that attempt's terminal event (after
 * which the provisioner revokes the keys on purpose), the tenant's deletion, the end of that site incarnation (drop
 * or rename); an Administrator {@code API_SECRET} issued on that site strictly inside the window (in whole
 * milliseconds, the record timestamp's precision) is a rotation of an emitted, live secret.
 */
final class KeyRotation {

    private static final String ADMINISTRATOR = "Administrator";

    private KeyRotation() {}

    static InvariantResult check(Map<String, Tenant> tenants, SiteHistory sites, List<IssuedSecret> issued) {
        List<String> violations = new ArrayList<>();
        int checked = 0;
        for (Tenant t : tenants.values()) {
            for (Provisioned p : t.provisioned) {
                checked++;
                long from = p.at().toEpochMilli();
                long to = Long.MAX_VALUE;
                Optional<Terminal> end = t.terminalAfter(p.attempt(), p.at());
                if (end.isPresent()) {
                    to = Math.min(to, end.get().at().toEpochMilli());
                }
                if (t.deletedAt != null) {
                    to = Math.min(to, t.deletedAt.toEpochMilli());
                }
                Optional<Incarnation> site = sites.at(p.siteName(), p.at());
                if (site.isPresent() && site.get().endedAt != null) {
                    to = Math.min(to, site.get().endedAt.toEpochMilli());
                }
                for (IssuedSecret secret : issued) {
                    long at = secret.at().toEpochMilli();
                    if (secret.kind() == IssuedSecret.Kind.API_SECRET
                            && ADMINISTRATOR.equals(secret.user())
                            && p.siteName().equals(secret.site())
                            && at > from
                            && at < to) {
                        violations.add("tenant " + t.id + " attempt " + p.attempt() + ": the API secret of its "
                                + "SiteProvisioned " + p.eventId() + " (" + p.where() + ") was rotated on "
                                + p.siteName() + " at " + secret.at() + ", "
                                + (end.isPresent() ? "before its " + end.get().kind() : "with no terminal event yet"));
                    }
                }
            }
        }
        return new InvariantResult("keys-not-rotated", checked, violations);
    }
}
