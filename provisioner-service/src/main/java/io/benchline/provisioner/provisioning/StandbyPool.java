package io.benchline.provisioner.provisioning;

import io.benchline.platform.secrets.Secret;
import io.benchline.provisioner.bench.SiteName;
import io.benchline.provisioner.hosts.BenchHost;
import java.util.Optional;
import java.util.UUID;

/**
 * What a tenant's run asks of the standby pool (implemented in the pool package): a ready standby of its host, a
 * claim decided once across instances and restarts, and the standby's own key to finish the claim over REST.
 */
public interface StandbyPool {

    /** No pool: every signup builds its site cold. */
    StandbyPool NONE = new StandbyPool() {
        @Override
        public boolean enabled() {
            return false;
        }

        @Override
        public Optional<SiteName> candidate(BenchHost host, UUID tenantId) {
            return Optional.empty();
        }

        @Override
        public Optional<Claimed> claim(BenchHost host, SiteName standby, UUID tenantId) {
            return Optional.empty();
        }

        @Override
        public void released(BenchHost host, SiteName standby) {}

        @Override
        public void settled(BenchHost host, String path, long millis) {}
    };

    boolean enabled();

    /**
     * A ready standby of {@code host} built on the host's current app versions, not claimed by anyone, or empty when
     * there is none (or the pool is off or drained there). Records the signup's demand for the pool's target.
     */
    Optional<SiteName> candidate(BenchHost host, UUID tenantId);

    /**
     * Claims {@code standby} for the tenant, decided once for all instances: present (with the standby's own API key
     * and secret) when this tenant holds it, now or from an earlier run of the same tenant; empty when another
     * tenant took it first or it left the pool.
     */
    Optional<Claimed> claim(BenchHost host, SiteName standby, UUID tenantId);

    /** A claimed standby this tenant could not use (it was dropped): it leaves the pool's records. */
    void released(BenchHost host, SiteName standby);

    /** Counts a settled site by path ({@code pool} or {@code cold}) and how long its site took, for the hit ratio. */
    void settled(BenchHost host, String path, long millis);

    /** A claimed standby's Administrator API key and (pre-claim) secret, opened from the pool's sealed record. */
    record Claimed(SiteName standby, Secret apiKey, Secret apiSecret) {}
}
