package io.benchline.user.site;

/**
 * What completing the setup wizard came to.
 *
 * @param detail for people: how it was decided (the site's answer or what the completion check saw), never what
 *     was sent
 */
public record SetupWizardResult(Outcome outcome, String detail) {

    public enum Outcome {
        /** {@code setup_complete} answered ok, or the site later reported setup complete. */
        COMPLETED,
        /** Frappe refused or failed it (417, or its own 5xx) and setup is not complete. */
        FAILED,
        /** No definite answer in time: the wizard may still be running on the site (or queued there). */
        UNCONFIRMED
    }

    static SetupWizardResult completed(String detail) {
        return new SetupWizardResult(Outcome.COMPLETED, detail);
    }

    static SetupWizardResult failed(String detail) {
        return new SetupWizardResult(Outcome.FAILED, detail);
    }

    static SetupWizardResult unconfirmed(String detail) {
        return new SetupWizardResult(Outcome.UNCONFIRMED, detail);
    }
}
