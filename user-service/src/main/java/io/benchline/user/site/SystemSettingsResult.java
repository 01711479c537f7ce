package io.benchline.user.site;

/**
 * What pre-filling System Settings came to.
 *
 * @param detail for people: the site's answer (Frappe's message on a refusal), never what was sent
 */
public record SystemSettingsResult(Outcome outcome, String detail) {

    public enum Outcome {
        /** The site saved the values: ERPNext's wizard opens with them. */
        PREFILLED,
        /** The site refused them (a Link check, permission) or never answered: the wizard opens with its defaults. */
        FAILED
    }

    static SystemSettingsResult prefilled() {
        return new SystemSettingsResult(Outcome.PREFILLED, "saved");
    }

    public static SystemSettingsResult failed(String detail) {
        return new SystemSettingsResult(Outcome.FAILED, detail);
    }
}
