package io.benchline.operator.view;

import io.benchline.platform.kafka.store.FollowedTopicView;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Starts following both topics in the background, so the web server (and its health endpoints) come up at once
 * while the view catches up; an attempt that fails (no broker yet, topic not declared yet) is repeated. The view is
 * ready once both followers have read to the end offsets they found at start and are still following.
 */
public class ViewFollowers implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ViewFollowers.class);

    private final TenantView tenants;
    private final IssuedCommands commands;
    private final Duration retryPause;
    private volatile Thread starter;
    private volatile boolean running;
    private volatile boolean caughtUp;

    ViewFollowers(TenantView tenants, IssuedCommands commands, Duration retryPause) {
        this.tenants = tenants;
        this.commands = commands;
        this.retryPause = retryPause;
    }

    /** Caught up at start and both followers still reading. */
    public boolean ready() {
        return caughtUp && followers().stream().allMatch(FollowedTopicView::isRunning);
    }

    @Override
    public void start() {
        running = true;
        Thread thread = new Thread(this::catchUp, "operator-view-start");
        thread.setDaemon(true);
        starter = thread;
        thread.start();
    }

    @Override
    public void stop() {
        running = false;
        Thread thread = starter;
        if (thread != null) {
            thread.interrupt();
        }
        followers().forEach(FollowedTopicView::close);
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    int snapshots() {
        return tenants.size();
    }

    int issuedCommands() {
        return commands.size();
    }

    private void catchUp() {
        for (FollowedTopicView<?> follower : followers()) {
            while (running && !follower.isRunning()) {
                try {
                    follower.start();
                } catch (RuntimeException e) {
                    log.warn("Cannot catch up yet ({}); trying again in {}", e.getMessage(), retryPause);
                    if (!pause()) {
                        return;
                    }
                }
            }
        }
        caughtUp = running;
        log.info("Operator view caught up: {} snapshots, {} issued commands", snapshots(), issuedCommands());
    }

    private boolean pause() {
        try {
            Thread.sleep(retryPause.toMillis()); // between attempts to reach the broker, not a test wait
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private List<FollowedTopicView<?>> followers() {
        return List.of(tenants.follower(), commands.follower());
    }
}
