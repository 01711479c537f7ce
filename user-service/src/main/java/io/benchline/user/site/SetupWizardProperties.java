package io.benchline.user.site;

import java.time.Duration;
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
 * @param timeout how long {@code setup_complete} may take to answer: it runs ERPNext's fixtures, company and chart
 *     of accounts inside the request (runs past nginx/gunicorn's 120 s are reported), so well above other calls
 * @param pollInterval how often to ask the site whether setup is complete while confirming
 * @param confirmWithin after a timeout, a proxy's 5xx or {@code "registered"} (queued), how long to keep asking
 *     whether setup is complete before calling it unconfirmed
 */
@ConfigurationProperties("benchline.user.setup-wizard")
public record SetupWizardProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("English") String language,
        @DefaultValue("Standard") String chartOfAccounts,
        Map<String, String> fiscalYearStarts,
        @DefaultValue("180s") Duration timeout,
        @DefaultValue("5s") Duration pollInterval,
        @DefaultValue("3m") Duration confirmWithin) {

    public SetupWizardProperties {
        fiscalYearStarts = fiscalYearStarts == null ? Map.of() : Map.copyOf(fiscalYearStarts);
    }
}
