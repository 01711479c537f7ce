package io.benchline.provisioner.provisioning;

import io.benchline.provisioner.bench.BenchShell;
import io.benchline.provisioner.hosts.BenchHostPool;
import io.benchline.provisioner.warmup.SiteWarmUp;

/** What provisioning reaches on the bench hosts: their bench CLI, the pool of hosts and slots, the HTTP warm-up. */
public record HostAccess(BenchShell bench, BenchHostPool pool, SiteWarmUp warmUp) {}
