package io.benchline.user.onboarding;

import io.benchline.events.Signup;
import io.benchline.platform.countries.Countries;
import io.benchline.platform.countries.Country;
import io.benchline.user.site.SetupWizardProperties;
import java.time.Instant;
import java.time.LocalDate;
import java.time.MonthDay;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The arguments of Frappe v15's {@code setup_complete} (with ERPNext's company stage) built from a signup. Frappe
 * needs language, country, timezone and currency; ERPNext adds company_name, company_abbr, the fiscal year and a
 * chart of accounts. It never sends {@code email} or {@code full_name}: from v15.11 {@code create_or_update_user}
 * may then run an UPDATE on User without a WHERE clause and rename every user on the site (frappe/frappe#33360);
 * without {@code email} that function returns at once. The administrator was created, with names, beforehand.
 */
final class CompanySetup {

    private final SetupWizardProperties properties;

    CompanySetup(SetupWizardProperties properties) {
        this.properties = properties;
    }

    /**
     * Empty when the wizard is off, the signup lacks country, currency or time zone, or names a country Frappe does
     * not hold (its Country link check would refuse the whole wizard with a 417).
     */
    Optional<Map<String, Object>> wizardArgs(Signup signup, LocalDate today) {
        if (!properties.enabled()
                || blank(signup.getCountry())
                || blank(signup.getCurrency())
                || blank(signup.getTimezone())) {
            return Optional.empty();
        }
        Optional<Country> known = Countries.frappe().find(signup.getCountry());
        if (known.isEmpty()) {
            return Optional.empty();
        }
        String country = known.get().name();
        LocalDate fyStart = fiscalYearStart(country, today);
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("language", properties.language());
        args.put("country", country);
        args.put("timezone", signup.getTimezone());
        args.put("currency", signup.getCurrency().toUpperCase(Locale.ROOT));
        args.put("company_name", signup.getOrganization().strip());
        args.put("company_abbr", abbreviation(signup.getOrganization()));
        args.put("chart_of_accounts", properties.chartOfAccounts());
        args.put("fy_start_date", fyStart.toString());
        args.put("fy_end_date", fyStart.plusYears(1).minusDays(1).toString());
        args.put("setup_demo", 0);
        return Optional.of(args);
    }

    /** Which fiscal year "today" falls in, in the company's time zone; the wizard creates that one. */
    static LocalDate today(Signup signup, Instant now) {
        try {
            return LocalDate.ofInstant(now, ZoneId.of(signup.getTimezone()));
        } catch (RuntimeException e) {
            return LocalDate.ofInstant(now, ZoneOffset.UTC);
        }
    }

    private LocalDate fiscalYearStart(String country, LocalDate today) {
        MonthDay start = Optional.ofNullable(properties.fiscalYearStarts().get(country))
                .map(text -> MonthDay.parse("--" + text))
                .orElse(MonthDay.of(1, 1));
        LocalDate thisYear = start.atYear(today.getYear());
        return today.isBefore(thisYear) ? thisYear.minusYears(1) : thisYear;
    }

    /** As the ERPNext wizard suggests it: the initials of the company name's words, upper-cased, at most 10. */
    static String abbreviation(String organization) {
        StringBuilder abbr = new StringBuilder();
        for (String word : organization.strip().split("[^\\p{L}\\p{N}]+")) {
            if (!word.isEmpty() && abbr.length() < 10) {
                abbr.appendCodePoint(word.codePointAt(0));
            }
        }
        return abbr.isEmpty() ? "CO" : abbr.toString().toUpperCase(Locale.ROOT);
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
