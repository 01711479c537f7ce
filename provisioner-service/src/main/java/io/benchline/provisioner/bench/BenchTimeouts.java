package io.benchline.provisioner.bench;

import java.time.Duration;

/**
 * How long bench commands may run: {@code newSite} for {@code new-site} with ERPNext (minutes on real hardware),
 * {@code command} for everything else.
 */
public record BenchTimeouts(Duration newSite, Duration command) {}
