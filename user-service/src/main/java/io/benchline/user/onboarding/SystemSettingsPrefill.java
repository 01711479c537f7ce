package io.benchline.user.onboarding;

import io.benchline.events.Signup;
import io.benchline.platform.countries.Countries;
import io.benchline.user.site.SystemSettingsProperties;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The System Settings values ERPNext's setup wizard opens with, from what the signup says (contracts decision 3:
 * the customer completes ERPNext's own wizard, as on Frappe Cloud; {@code setup_complete} is off the critical path).
 * Field names are Frappe v15's (frappe/core/doctype/system_settings, and what the wizard's
 * {@code update_system_settings} writes): {@code country} (a Link to Country, so Frappe's own name, looked up from
 * the ISO code the signup carries: 43 of 249 differ from the JDK's), {@code time_zone}, {@code language} (a Link to
 * Language: its code) and {@code currency} (a Link to Currency). A value the signup lacks, or a country Frappe's
 * table does not hold, is left out rather than failing the others' save with a 417.
 */
final class SystemSettingsPrefill {

    private final SystemSettingsProperties properties;

    SystemSettingsPrefill(SystemSettingsProperties properties) {
        this.properties = properties;
    }

    /** Empty when pre-filling is off or the signup says nothing worth saving. */
    Map<String, Object> values(Signup signup) {
        Map<String, Object> values = new LinkedHashMap<>();
        if (!properties.enabled()) {
            return values;
        }
        if (!blank(signup.getCountry())) {
            Countries.frappe().find(signup.getCountry()).ifPresent(country -> values.put("country", country.name()));
        }
        if (!blank(signup.getTimezone())) {
            values.put("time_zone", signup.getTimezone().strip());
        }
        if (!blank(signup.getCurrency())) {
            values.put("currency", signup.getCurrency().strip().toUpperCase(Locale.ROOT));
        }
        if (!values.isEmpty() && !blank(properties.language())) {
            values.put("language", properties.language());
        }
        return values;
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
