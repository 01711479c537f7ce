package io.benchline.user.site;

/** What {@code setup_complete} came to. */
public sealed interface SetupWizardResult {

    /** {@code {"status": "ok"}} (also when already complete) or {@code "registered"} (runs in the background). */
    record Completed(String status) implements SetupWizardResult {}

    /** Frappe answered {@code {"status": "fail"}}, a 417, or the site could not be used. */
    record NotCompleted(String message) implements SetupWizardResult {}
}
