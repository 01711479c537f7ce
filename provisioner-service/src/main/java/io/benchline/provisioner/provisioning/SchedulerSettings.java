package io.benchline.provisioner.provisioning;

import java.time.Duration;

/**
 * {@code backlog}: accepted tenants allowed to wait for a slot before the listener pauses; {@code hostWaitTimeout}:
 * how long a tenant may wait while no host of its domain is healthy before it fails with NO_BENCH_HOST_AVAILABLE;
 * {@code tick}: how often waiting tenants are re-examined (hosts coming back, deadlines passing).
 */
public record SchedulerSettings(int backlog, Duration hostWaitTimeout, Duration tick) {}
