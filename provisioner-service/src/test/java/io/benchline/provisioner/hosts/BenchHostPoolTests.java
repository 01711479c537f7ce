package io.benchline.provisioner.hosts;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchline.provisioner.ssh.SshEndpoint;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BenchHostPoolTests {

    private final BenchHostPool pool =
            new BenchHostPool(List.of(host("bench-1"), host("bench-2")), Duration.ofSeconds(30), Clock.systemUTC());

    @Test
    void aHostHeldForChecksTakesNoWorkBeforeItsFirstCheckPasses() {
        pool.holdUntilChecked("bench-1");
        pool.holdUntilChecked("bench-2");

        assertThat(pool.acquireLeastBusy("example.com")).isEmpty();
        assertThat(pool.anyHealthy("example.com")).isFalse();
        assertThat(pool.problems()).contains("bench-1: preconditions not checked yet");

        pool.checkPassed("bench-2");

        assertThat(pool.acquireLeastBusy("example.com")
                        .map(lease -> lease.host().id()))
                .contains("bench-2");
    }

    @Test
    void aFailedCheckKeepsTheHostOutUntilACheckPasses() {
        pool.checkFailed("bench-1", "failed preconditions check: DNS_MULTITENANT_OFF (dns_multitenant is not on)");

        Optional<SlotLease> first = pool.acquireLeastBusy("example.com");
        Optional<SlotLease> second = pool.acquireLeastBusy("example.com");
        assertThat(first.map(lease -> lease.host().id())).contains("bench-2");
        assertThat(second.map(lease -> lease.host().id()))
                .as("bench-1 is skipped even though idle")
                .contains("bench-2");
        assertThat(pool.acquire("bench-1")).isEmpty();
        assertThat(pool.problems()).contains("bench-1: failed preconditions check: DNS_MULTITENANT_OFF");

        pool.checkPassed("bench-1");

        assertThat(pool.acquire("bench-1")).isPresent();
        assertThat(pool.problems()).isEmpty();
    }

    @Test
    void withEveryHostFailingNoneIsHealthy() {
        pool.checkFailed("bench-1", "NO_ROOT_PASSWORD");
        pool.checkFailed("bench-2", "GLOBAL_ADMIN_PASSWORD");

        assertThat(pool.anyHealthy("example.com")).isFalse();
        assertThat(pool.acquireLeastBusy("example.com")).isEmpty();
    }

    private static BenchHost host(String id) {
        return new BenchHost(
                id,
                new SshEndpoint(id, id + ".internal", 22, "frappe", Path.of("key"), Path.of("known_hosts"), null),
                "/home/frappe/frappe-bench",
                2,
                "example.com",
                null,
                true,
                "sudo service nginx reload",
                "bench");
    }
}
