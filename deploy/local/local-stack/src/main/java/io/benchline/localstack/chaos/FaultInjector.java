package io.benchline.localstack.chaos;

import io.benchline.localstack.LocalStack;
import io.benchline.simulator.FailurePlan;
import io.benchline.simulator.Faults;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Does one planned fault to the running stack and undoes it at the end of its window. Processes are reserved while a
 * fault acts on them: a fault whose process is still down or paused by another waits for it (it starts late, the
 * plan stays the same). Simulator rules overlap freely; each is removed alone when its window ends.
 */
final class FaultInjector {

    private static final Logger log = LoggerFactory.getLogger(FaultInjector.class);

    private final LocalStack stack;
    private final Set<String> busy = new HashSet<>();

    FaultInjector(LocalStack stack) {
        this.stack = stack;
    }

    /** Blocks for the fault's whole life (a thread per fault). */
    InjectedFault inject(PlannedFault fault) throws InterruptedException {
        reserve(fault.processes());
        Instant started = Instant.now();
        String error = null;
        try {
            log.info("chaos: {} {}", fault.kind().cliName(), fault.describe());
            switch (fault.kind()) {
                case KILL, KILL_TWO -> killAndRestart(fault);
                case BROKER -> killAndRestartBroker(fault);
                case PAUSE -> pause(fault);
                default -> rules(fault);
            }
        } catch (RuntimeException | IOException e) {
            error = e.getClass().getSimpleName() + ": " + e.getMessage();
            log.error("chaos: {} failed", fault.describe(), e);
        } finally {
            release(fault.processes());
        }
        return new InjectedFault(fault, started, Instant.now(), error);
    }

    private void killAndRestart(PlannedFault fault) throws IOException, InterruptedException {
        for (String service : fault.targets()) {
            stack.kill(service);
        }
        Thread.sleep(fault.window().toMillis()); // the fault itself: the services stay down this long
        List<RuntimeException> failures = new ArrayList<>();
        for (String service : fault.targets()) {
            stack.startService(service);
        }
        for (String service : fault.targets()) {
            try {
                stack.awaitHealthy(service);
            } catch (RuntimeException e) {
                // One more start (e.g. it gave up while the broker was down too); a second failure is the fault's
                // error.
                log.warn("chaos: {} did not come back ({}); starting it once more", service, e.getMessage());
                try {
                    stack.stop(service);
                    stack.startService(service);
                    stack.awaitHealthy(service);
                } catch (RuntimeException again) {
                    failures.add(again);
                }
            }
        }
        if (!failures.isEmpty()) {
            throw failures.get(0);
        }
    }

    private void killAndRestartBroker(PlannedFault fault) throws IOException, InterruptedException {
        stack.killBroker();
        Thread.sleep(fault.window().toMillis());
        stack.restartBroker();
    }

    private void pause(PlannedFault fault) throws InterruptedException {
        String service = fault.targets().get(0);
        stack.pause(service);
        try {
            Thread.sleep(fault.window().toMillis());
        } finally {
            stack.resume(service);
        }
    }

    private void rules(PlannedFault fault) throws InterruptedException {
        Faults faults = stack.simulator().faults();
        FailurePlan plan =
                fault.probability() >= 1 ? FailurePlan.always() : FailurePlan.withProbability(fault.probability());
        List<Long> ids = new ArrayList<>();
        synchronized (faults) {
            for (String target : fault.targets()) {
                switch (fault.kind()) {
                    case SSH_DROP -> faults.dropConnection(target, plan);
                    case BENCH_FAIL -> faults.failCommand(target, plan);
                    case BENCH_HANG, FULL_HOST, DEADLINE -> faults.hangCommand(target, plan);
                    case SITE_5XX -> faults.failRequests(target, fault.status(), plan);
                    case SITE_SLOW -> faults.delayRequests(target, fault.delay(), plan);
                    default -> throw new IllegalStateException("not a simulator fault: " + fault.kind());
                }
                ids.add(faults.lastRuleId());
            }
        }
        try {
            Thread.sleep(fault.window().toMillis());
        } finally {
            ids.forEach(faults::remove);
        }
    }

    private synchronized void reserve(List<String> processes) throws InterruptedException {
        while (processes.stream().anyMatch(busy::contains)) {
            wait();
        }
        busy.addAll(processes);
    }

    private synchronized void release(List<String> processes) {
        processes.forEach(busy::remove);
        notifyAll();
    }
}
