package io.benchline.localstack.chaos;

import java.util.List;

/**
 * Checks the design's invariants (design.md "Invariants", issue 18) from {@link ChaosEvidence} alone: what the system
 * wrote, never what the driver believes happened (apart from which POSTs were accepted).
 */
public final class InvariantChecker {

    private final ChaosEvidence evidence;

    public InvariantChecker(ChaosEvidence evidence) {
        this.evidence = evidence;
    }

    /** Every invariant's verdict, in a fixed order. */
    public List<InvariantResult> check() {
        throw new UnsupportedOperationException(
                "being written (issue 18): " + evidence.accepted().size());
    }
}
