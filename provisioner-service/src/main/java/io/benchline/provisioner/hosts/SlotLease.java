package io.benchline.provisioner.hosts;

import java.util.concurrent.atomic.AtomicBoolean;

/** One slot of one bench host, held for one tenant's provisioning; closing it frees the slot exactly once. */
public final class SlotLease implements AutoCloseable {

    private final BenchHost host;
    private final BenchHostPool pool;
    private final AtomicBoolean released = new AtomicBoolean();

    SlotLease(BenchHost host, BenchHostPool pool) {
        this.host = host;
        this.pool = pool;
    }

    public BenchHost host() {
        return host;
    }

    @Override
    public void close() {
        if (released.compareAndSet(false, true)) {
            pool.release(host.id());
        }
    }
}
