package io.benchline.simulator.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchline.simulator.HostMisconfiguration;
import io.benchline.simulator.conformance.HostPreconditions.Precondition;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The preconditions check the suite runs before it trusts a host: silent on a healthy host, naming every flaw. */
class HostPreconditionsTests {

    private static final Map<HostMisconfiguration, Precondition> REPORTED_AS = Map.of(
            HostMisconfiguration.DNS_MULTITENANT_OFF, Precondition.DNS_MULTITENANT_ON,
            HostMisconfiguration.GLOBAL_ADMIN_PASSWORD, Precondition.NO_GLOBAL_ADMIN_PASSWORD,
            HostMisconfiguration.BENCH_NOT_ON_PATH, Precondition.BENCH_RUNS,
            HostMisconfiguration.EDITABLE_INSTALL_WARNING, Precondition.NO_EDITABLE_INSTALL_WARNING,
            HostMisconfiguration.PYPI_STALL, Precondition.NO_PYPI_STALL,
            HostMisconfiguration.NO_ROOT_PASSWORD, Precondition.ROOT_PASSWORD_CONFIGURED,
            HostMisconfiguration.NGINX_RELOAD_NOT_ALLOWED, Precondition.NGINX_RELOAD_ALLOWED);

    @TempDir
    Path work;

    @Test
    void aHealthyHostPassesEveryPrecondition() throws Exception {
        try (BenchHostTarget target = BenchHostTarget.embedded(work, b -> b)) {
            HostPreconditions.Report report = HostPreconditions.check(target, Duration.ofSeconds(5));

            assertThat(report.passed()).as(report.text()).isTrue();
            assertThat(report.notHeld()).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(HostMisconfiguration.class)
    void eachMisconfigurationIsReportedByName(HostMisconfiguration mode) throws Exception {
        try (BenchHostTarget target = BenchHostTarget.embedded(
                work, b -> b.pypiStall(Duration.ofSeconds(30)).misconfigure(mode))) {
            HostPreconditions.Report report = HostPreconditions.check(target, Duration.ofSeconds(1));

            Precondition expected = REPORTED_AS.get(mode);
            assertThat(report.notHeld()).containsExactly(expected);
            assertThat(report.text()).contains(expected.name()).contains(expected.title);
            // The editable-install warning is advisory: parse the last line and carry on.
            assertThat(report.passed()).isEqualTo(mode == HostMisconfiguration.EDITABLE_INSTALL_WARNING);
        }
    }

    @Test
    void aMisconfiguredHostFailsTheSuiteWithOneReportNamingEveryFailure() throws Exception {
        try (BenchHostTarget target = BenchHostTarget.embedded(
                work,
                b -> b.misconfigure(
                        HostMisconfiguration.DNS_MULTITENANT_OFF,
                        HostMisconfiguration.NO_ROOT_PASSWORD,
                        HostMisconfiguration.NGINX_RELOAD_NOT_ALLOWED))) {
            HostPreconditions.Report report = HostPreconditions.check(target, Duration.ofSeconds(5));

            assertThat(report.passed()).isFalse();
            assertThat(report.failing())
                    .containsExactly(
                            Precondition.DNS_MULTITENANT_ON,
                            Precondition.ROOT_PASSWORD_CONFIGURED,
                            Precondition.NGINX_RELOAD_ALLOWED);
            assertThat(report.text())
                    .startsWith("Bench host frappe@127.0.0.1:")
                    .contains("3 host precondition(s) fail")
                    .contains("FAIL DNS_MULTITENANT_ON")
                    .contains("FAIL ROOT_PASSWORD_CONFIGURED")
                    .contains("FAIL NGINX_RELOAD_ALLOWED")
                    .contains("ok   BENCH_RUNS");
        }
    }
}
