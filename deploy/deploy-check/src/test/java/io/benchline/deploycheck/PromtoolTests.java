package io.benchline.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchline.testing.Ci;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Prometheus's own checks: the scrape configurations, the rules, and every {@code promtool test rules} file
 * (deploy/prometheus/check.sh). CI installs promtool, so there a missing promtool fails instead of skipping.
 */
class PromtoolTests {

    @Test
    void configurationsRulesAndRuleTestsPassPromtool() throws Exception {
        Ci.assumeOrFailInCi(Ci.onPath("promtool"), "promtool not installed");

        Process process = new ProcessBuilder(
                        "bash", Repository.path("deploy/prometheus/check.sh").toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();

        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("SUCCESS");
    }
}
