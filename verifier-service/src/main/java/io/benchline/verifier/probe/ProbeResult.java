package io.benchline.verifier.probe;

/**
 * The outcome of one probe and a short explanation for operators and the customer's status page. The detail
 * names statuses and causes only; it never holds response bodies or credentials.
 */
public record ProbeResult(ProbeOutcome outcome, String detail) {

    public boolean active() {
        return outcome == ProbeOutcome.ACTIVE;
    }
}
