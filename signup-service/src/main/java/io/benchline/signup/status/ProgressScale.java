package io.benchline.signup.status;

import io.benchline.events.ProvisioningStep;
import io.benchline.events.StepPhase;

/**
 * Percent shown for each step, weighted by how long the step usually takes (creating the site dominates), so
 * the bar moves at a roughly even pace.
 */
final class ProgressScale {

    static final int ACCEPTED = 5;
    static final int SITE_PROVISIONED = 85;
    static final int KEYS_ACTIVE = 92;
    static final int SITE_READY = 98;
    static final int COMPLETED = 100;

    private ProgressScale() {}

    static int of(ProvisioningStep step, StepPhase phase) {
        boolean finished = phase == StepPhase.FINISHED;
        return switch (step) {
            case CHOOSE_HOST -> finished ? 15 : 10;
            // A pooled signup takes a ready-built site: renaming it is most of the work left before the checks.
            case CLAIM_STANDBY -> finished ? 60 : 20;
            case CREATE_SITE -> finished ? 55 : 20;
            case GENERATE_KEYS -> finished ? 65 : 60;
            case PUBLISH_SITE -> finished ? 72 : 68;
            case WARM_UP -> finished ? 80 : 75;
            default -> ACCEPTED;
        };
    }
}
