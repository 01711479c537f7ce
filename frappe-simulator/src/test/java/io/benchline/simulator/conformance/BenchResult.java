package io.benchline.simulator.conformance;

/** What one exec command gave back: exit status (null when none arrived), stdout and stderr. */
record BenchResult(Integer exit, String out, String err) {

    /** Never prints stdout, which may hold a fresh API secret. */
    @Override
    public String toString() {
        return "BenchResult[exit=" + exit + ", err=" + err + "]";
    }
}
