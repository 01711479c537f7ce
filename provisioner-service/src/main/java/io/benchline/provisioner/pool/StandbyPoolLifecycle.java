package io.benchline.provisioner.pool;

import org.springframework.context.SmartLifecycle;

/**
 * Starts the pool's log follower, owners' group member and keeper once the context is refreshed (after the topic
 * was declared), and stops them before Kafka's clients go. With the pool off nothing starts.
 */
final class StandbyPoolLifecycle implements SmartLifecycle {

    private final StandbyLog standbyLog;
    private final PoolState state;
    private final StandbyKeeper keeper;
    private final boolean enabled;
    private volatile boolean running;

    StandbyPoolLifecycle(StandbyLog standbyLog, PoolState state, StandbyKeeper keeper, boolean enabled) {
        this.enabled = enabled;
        this.standbyLog = standbyLog;
        this.state = state;
        this.keeper = keeper;
    }

    @Override
    public void start() {
        running = true;
        if (!enabled) {
            // Pool off: no follower, no owners' group member, no version reads; claims answer "none" at once.
            return;
        }
        standbyLog.start(state);
        keeper.start();
    }

    @Override
    public void stop() {
        keeper.close();
        if (standbyLog instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                // Stopping anyway: the log's clients close with the JVM.
            }
        }
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
