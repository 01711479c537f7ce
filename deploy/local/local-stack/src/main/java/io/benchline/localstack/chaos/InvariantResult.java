package io.benchline.localstack.chaos;

import java.util.List;

/**
 * One invariant's verdict: its short name (as printed in the table and in {@code … VIOLATED: <names>}), how many
 * things it checked (signups, tenants, sites, records, files), and one line per violation (ids, never a secret).
 */
public record InvariantResult(String name, long checked, List<String> violations) {

    public InvariantResult {
        violations = List.copyOf(violations);
    }

    public boolean held() {
        return violations.isEmpty();
    }
}
