package io.benchline.simulator.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The "Host preconditions" of frappe-facts.md, checked over SSH the way an operator would: a host that fails
 * one is misconfigured, and every conformance test against it would fail for that reason instead of a fact.
 */
final class HostPreconditions {

    /** How long bench's own command may take before it counts as stalled on the PyPI check. */
    static final Duration STALL_LIMIT = Duration.ofSeconds(15);

    /** One precondition, by the name the report uses. */
    enum Precondition {
        BENCH_RUNS("bench runs as configured (on the non-interactive PATH, or BENCHLINE_CONFORMANCE_BENCH)"),
        DNS_MULTITENANT_ON("dns_multitenant on in common_site_config.json"),
        NO_GLOBAL_ADMIN_PASSWORD("no global admin_password in common_site_config.json"),
        ROOT_PASSWORD_CONFIGURED("root_password configured in common_site_config.json"),
        NGINX_RELOAD_ALLOWED("nginx reload allowed without a password (sudo -n -l)"),
        NO_PYPI_STALL("bench's own commands return without stalling on the PyPI version check"),
        NO_EDITABLE_INSTALL_WARNING("bench prints no editable-install warning on stdout (advisory)");

        final String title;

        Precondition(String title) {
            this.title = title;
        }
    }

    record Finding(Precondition precondition, boolean held, String detail) {}

    /** The check's outcome; the editable-install warning is advisory and never fails the check. */
    record Report(String host, List<Finding> findings) {

        boolean passed() {
            return failing().isEmpty();
        }

        List<Precondition> failing() {
            return findings.stream()
                    .filter(f -> !f.held() && f.precondition() != Precondition.NO_EDITABLE_INSTALL_WARNING)
                    .map(Finding::precondition)
                    .toList();
        }

        List<Precondition> notHeld() {
            return findings.stream()
                    .filter(f -> !f.held())
                    .map(Finding::precondition)
                    .toList();
        }

        String text() {
            StringBuilder out = new StringBuilder("Bench host " + host + ": "
                    + failing().size() + " host precondition(s) fail (see frappe-facts.md \"Host preconditions\")\n");
            for (Finding finding : findings) {
                String mark = finding.held()
                        ? "ok  "
                        : finding.precondition() == Precondition.NO_EDITABLE_INSTALL_WARNING ? "WARN" : "FAIL";
                out.append("  ")
                        .append(mark)
                        .append(' ')
                        .append(finding.precondition().name())
                        .append(": ")
                        .append(finding.precondition().title);
                if (!finding.held()) {
                    out.append(" — ").append(finding.detail());
                }
                out.append('\n');
            }
            return out.toString();
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    static Report check(BenchHostTarget target, Duration stallLimit) throws IOException {
        List<Finding> findings = new ArrayList<>();
        String bench = target.benchExecutable();
        String cd = "cd " + target.benchFolder() + " && ";

        BenchResult version = target.exec(cd + bench + " --version", null);
        boolean benchRuns = version.exit() != null
                && version.exit() == 0
                && lastLine(version.out()).matches("\\d+\\.\\d+\\.\\d+.*");
        findings.add(new Finding(
                Precondition.BENCH_RUNS,
                benchRuns,
                "`" + bench + " --version` gave exit " + version.exit() + " " + lastLine(version.err())
                        + (version.exit() != null && version.exit() == 127
                                ? " (set BENCHLINE_CONFORMANCE_BENCH=/home/<user>/.local/bin/bench)"
                                : "")));

        BenchResult config = target.exec(cd + "cat sites/common_site_config.json", null);
        JsonNode common = config.exit() != null && config.exit() == 0 ? JSON.readTree(config.out()) : null;
        String unreadable = "common_site_config.json unreadable: " + lastLine(config.err());
        findings.add(new Finding(
                Precondition.DNS_MULTITENANT_ON,
                common != null && common.path("dns_multitenant").asBoolean(false),
                common == null ? unreadable : "run `bench config dns_multitenant on`, then `bench setup nginx --yes`"));
        findings.add(new Finding(
                Precondition.NO_GLOBAL_ADMIN_PASSWORD,
                common != null && !common.has("admin_password"),
                common == null ? unreadable : "it overrides every new-site's --admin-password; remove the key"));
        findings.add(new Finding(
                Precondition.ROOT_PASSWORD_CONFIGURED,
                common != null && common.hasNonNull("root_password"),
                common == null ? unreadable : "new-site would prompt for the MySQL root password"));

        List<String> reload = Arrays.asList(target.reloadCommand().split(" "));
        List<String> withoutSudo = reload.get(0).equals("sudo") ? reload.subList(1, reload.size()) : reload;
        BenchResult sudo = target.exec("sudo -n -l " + String.join(" ", withoutSudo), null);
        findings.add(new Finding(
                Precondition.NGINX_RELOAD_ALLOWED,
                sudo.exit() != null && sudo.exit() == 0,
                "`sudo -n -l " + String.join(" ", withoutSudo) + "` gave exit " + sudo.exit() + " "
                        + lastLine(sudo.err()) + "; add a NOPASSWD sudoers rule for it"));

        long seconds = Math.max(1, stallLimit.toSeconds());
        BenchResult own = target.exec(
                cd + "timeout " + seconds + " " + bench + " setup --help", null, stallLimit.plusSeconds(10));
        findings.add(new Finding(
                Precondition.NO_PYPI_STALL,
                own.exit() != null && own.exit() != 124,
                "`bench setup --help` did not end within " + seconds + " s (exit " + own.exit()
                        + "): allow HTTPS to pypi.org or run bench's own commands with HTTPS_PROXY set"));

        BenchResult versions = target.exec(cd + bench + " version", null);
        findings.add(new Finding(
                Precondition.NO_EDITABLE_INSTALL_WARNING,
                !versions.out().startsWith("WARN: bench is installed in editable mode"),
                "stdout starts with the editable-install warning: parse the last non-empty line only"));

        return new Report(
                target.user() + "@" + target.host() + ":" + target.port() + " (" + target.benchFolder() + ")",
                findings);
    }

    private static String lastLine(String text) {
        List<String> lines = text.lines().filter(l -> !l.isBlank()).toList();
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1).strip();
    }

    private HostPreconditions() {}
}
