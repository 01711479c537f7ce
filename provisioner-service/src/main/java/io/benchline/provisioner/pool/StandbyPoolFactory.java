package io.benchline.provisioner.pool;

import io.benchline.platform.secrets.SecretSealers;
import io.benchline.provisioner.bench.BenchShell;
import io.benchline.provisioner.hosts.BenchHostPool;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.function.IntSupplier;
import org.springframework.context.SmartLifecycle;

/**
 * Builds the pool's parts from the service's beans: the shared {@link PoolState}, the tenant-side
 * {@link StandbyClaims} and the owner-side {@link StandbyKeeper}, started together by a lifecycle.
 */
public final class StandbyPoolFactory {

    private final PoolProperties properties;
    private final StandbyLog standbyLog;
    private final Clock clock;
    private final PoolState state;
    private final PoolTarget target;
    private final PoolMetrics metrics;
    private final StandbySealing sealing;
    private StandbyKeeper keeper;

    public StandbyPoolFactory(
            PoolProperties properties,
            StandbyLog standbyLog,
            BenchHostPool hosts,
            SecretSealers sealers,
            MeterRegistry registry,
            Clock clock) {
        this.properties = properties;
        this.standbyLog = standbyLog;
        this.clock = clock;
        this.state = new PoolState(properties.fingerprintMaxAge(), this::wakeKeeper);
        this.target = new PoolTarget(properties, state, clock);
        this.metrics = new PoolMetrics(registry, hosts.hosts(), state, target);
        this.sealing = new StandbySealing(sealers);
    }

    public StandbyClaims claims() {
        return new StandbyClaims(properties, standbyLog, state, sealing, metrics, clock);
    }

    /**
     * @param waitingCustomers signups waiting for a slot: while any wait, no standby build starts
     */
    public SmartLifecycle lifecycle(
            BenchHostPool hosts, BenchShell bench, IntSupplier waitingCustomers, Duration newSiteTimeout) {
        keeper = new StandbyKeeper(
                properties,
                hosts,
                bench,
                standbyLog,
                state,
                sealing,
                target,
                metrics,
                waitingCustomers,
                newSiteTimeout,
                clock);
        return new StandbyPoolLifecycle(standbyLog, state, keeper, properties.enabled());
    }

    private void wakeKeeper() {
        StandbyKeeper k = keeper;
        if (k != null) {
            k.wakeUp();
        }
    }
}
