package io.benchline.simulator;

import java.util.SplittableRandom;

/** When an injected fault fires among the calls it watches, counted from the moment it was added. */
public final class FailurePlan {

    private enum Kind {
        ON_CALL,
        PROBABILITY,
        ALWAYS
    }

    private final Kind kind;
    private final int call;
    private final double probability;

    private FailurePlan(Kind kind, int call, double probability) {
        this.kind = kind;
        this.call = call;
        this.probability = probability;
    }

    /** Fires on the n-th matching call only (1 = the first). */
    public static FailurePlan onCall(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("calls are counted from 1");
        }
        return new FailurePlan(Kind.ON_CALL, n, 0);
    }

    /** Fires on each matching call with this probability, drawn from the simulator's seed. */
    public static FailurePlan withProbability(double p) {
        if (p < 0 || p > 1) {
            throw new IllegalArgumentException("a probability is between 0 and 1");
        }
        return new FailurePlan(Kind.PROBABILITY, 0, p);
    }

    public static FailurePlan always() {
        return new FailurePlan(Kind.ALWAYS, 0, 1);
    }

    boolean fires(int callNumber, SplittableRandom random) {
        return switch (kind) {
            case ON_CALL -> callNumber == call;
            case PROBABILITY -> random.nextDouble() < probability;
            case ALWAYS -> true;
        };
    }

    @Override
    public String toString() {
        return switch (kind) {
            case ON_CALL -> "onCall(" + call + ")";
            case PROBABILITY -> "withProbability(" + probability + ")";
            case ALWAYS -> "always()";
        };
    }
}
