package io.benchline.provisioner.provisioning;

import java.time.Duration;

/** Exponential backoff for transient failures: at most {@code maxAttempts} tries of a step. */
public record RetrySettings(int maxAttempts, Duration initialDelay, double multiplier, Duration maxDelay) {}
