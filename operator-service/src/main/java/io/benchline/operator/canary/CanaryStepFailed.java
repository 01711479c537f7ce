package io.benchline.operator.canary;

/** A step of the canary did not do what a customer would need; the reason never holds a credential. */
final class CanaryStepFailed extends RuntimeException {

    private final CanaryStep step;

    CanaryStepFailed(CanaryStep step, String reason) {
        super(reason, null, false, false);
        this.step = step;
    }

    CanaryStep step() {
        return step;
    }

    String reason() {
        return getMessage();
    }
}
