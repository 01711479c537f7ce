package io.benchline.provisioner.hosts.checks;

import io.benchline.provisioner.hosts.BenchHostPool;
import io.benchline.provisioner.ssh.SshCommandRunner;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the bench host doctor onto the provisioner's own SSH client and host pool. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "benchline.provisioner.host-checks.enabled", matchIfMissing = true)
class HostChecksConfiguration {

    @Bean
    HostPreconditionsCheck hostPreconditionsCheck(SshCommandRunner ssh, HostCheckProperties properties, Clock clock) {
        return new HostPreconditionsCheck(ssh, properties.commandTimeout(), properties.stallTimeout(), clock);
    }

    /** Created while the context starts, so every host is held before the listener can hand out any tenant. */
    @Bean(destroyMethod = "close")
    HostDoctor hostDoctor(
            BenchHostPool pool, HostPreconditionsCheck check, HostCheckProperties properties, MeterRegistry registry) {
        HostDoctor doctor =
                new HostDoctor(pool, check, new HostCheckMetrics(registry, pool.hosts()), properties.interval());
        doctor.start();
        return doctor;
    }

    @Bean
    BenchHostsHealthIndicator benchHostsHealthIndicator(HostDoctor doctor) {
        return new BenchHostsHealthIndicator(doctor);
    }
}
