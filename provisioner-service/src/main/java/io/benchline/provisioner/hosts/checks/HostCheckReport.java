package io.benchline.provisioner.hosts.checks;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One preconditions check of one bench host: every finding, the versions it saw, when it ran and how long it took.
 *
 * @param benchVersion {@code bench --version}, null when bench was not found
 * @param appVersions {@code bench version}: app name to version (frappe, erpnext, …), empty when unknown
 */
record HostCheckReport(
        String hostId,
        Instant checkedAt,
        Duration took,
        List<Finding> findings,
        String benchVersion,
        Map<String, String> appVersions) {

    public HostCheckReport {
        findings = List.copyOf(findings);
        appVersions = Map.copyOf(appVersions);
    }

    public boolean healthy() {
        return problems().isEmpty();
    }

    /** The reasons the host failed, in declaration order. */
    public Set<HostProblem> problems() {
        Set<HostProblem> problems = EnumSet.noneOf(HostProblem.class);
        findings.stream().filter(f -> f.outcome() == Finding.Outcome.FAILED).forEach(f -> problems.add(f.problem()));
        return problems;
    }

    /** One line for logs and NO_BENCH_HOST_AVAILABLE messages: the reasons and their details. */
    public String summary() {
        if (healthy()) {
            return "preconditions hold";
        }
        StringBuilder text = new StringBuilder("failed preconditions check:");
        findings.stream()
                .filter(f -> f.outcome() == Finding.Outcome.FAILED)
                .forEach(f -> text.append(' ')
                        .append(f.problem())
                        .append(" (")
                        .append(f.detail())
                        .append(");"));
        text.setLength(text.length() - 1);
        return text.toString();
    }
}
