package io.benchline.provisioner.hosts.checks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CommandOutputTests {

    private static final String EDITABLE_WARNING = "WARN: bench is installed in editable mode!\n";

    @Test
    void readsBenchVersionFromTheLastNonEmptyLine() {
        assertThat(CommandOutput.benchVersion("5.22.6\n")).contains("5.22.6");
        assertThat(CommandOutput.benchVersion(EDITABLE_WARNING + "5.22.6\n\n")).contains("5.22.6");
    }

    @Test
    void refusesABenchVersionLineOfAnotherShape() {
        assertThat(CommandOutput.benchVersion("")).isEmpty();
        assertThat(CommandOutput.benchVersion("5.22.6\nUsage: bench [OPTIONS] COMMAND\n"))
                .isEmpty();
    }

    @Test
    void readsAppVersionsFromLegacyBenchVersionOutputAndIgnoresTheEditableWarning() {
        assertThat(CommandOutput.appVersions(EDITABLE_WARNING + "erpnext 15.47.2\nfrappe 15.55.1\n"))
                .containsExactly(java.util.Map.entry("erpnext", "15.47.2"), java.util.Map.entry("frappe", "15.55.1"));
    }

    @Test
    void readsDevelopmentAndPreReleaseVersions() {
        assertThat(CommandOutput.appVersions("frappe 16.0.0-dev\nhrms 15.30.0\n"))
                .containsEntry("frappe", "16.0.0-dev")
                .containsEntry("hrms", "15.30.0");
    }

    @Test
    void excerptPrefersStderrAndShortensLongLines() {
        assertThat(CommandOutput.excerpt("out\n", "sh: 1: bench: not found\n")).isEqualTo("sh: 1: bench: not found");
        assertThat(CommandOutput.excerpt("x".repeat(500), "")).hasSize(161).endsWith("…");
        assertThat(CommandOutput.excerpt("", "")).isEqualTo("(no output)");
    }
}
