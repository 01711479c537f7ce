package io.benchline.user.onboarding;

import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the ERPNext setup wizard is completed for the customer.
 *
 * @param enabled off: the customer completes the wizard themselves at first login
 * @param language the Language's name as the wizard sends it (Frappe looks it up by {@code language_name})
 * @param chartOfAccounts an ERPNext chart template; "Standard" exists for every country
 * @param fiscalYearStarts country (as Frappe names it) to the first day of its fiscal year, {@code MM-dd};
 *     countries not listed use the calendar year
 */
@ConfigurationProperties("benchline.user.setup-wizard")
public record SetupWizardProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("English") String language,
        @DefaultValue("Standard") String chartOfAccounts,
        Map<String, String> fiscalYearStarts) {

    public SetupWizardProperties {
        fiscalYearStarts = fiscalYearStarts == null ? Map.of() : Map.copyOf(fiscalYearStarts);
    }
}
