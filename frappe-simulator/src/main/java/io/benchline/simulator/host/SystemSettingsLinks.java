package io.benchline.simulator.host;

import java.util.Arrays;
import java.util.Currency;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The records System Settings' Link fields point at: Country by its name (the site's own copy of
 * {@code country_info.json}), Language by its code ({@code en}, {@code de}, {@code pt-BR}: the setup wizard turns
 * "English" into {@code en} with {@code get_language_code}, a REST client must send the code), Currency by its
 * ISO 4217 code. Languages and currencies are approximated with the JDK's ISO lists.
 */
final class SystemSettingsLinks {

    private static final Set<String> LANGUAGES = Set.of(Locale.getISOLanguages());
    private static final Set<String> REGIONS = Set.of(Locale.getISOCountries());
    private static final Set<String> CURRENCIES = Currency.getAvailableCurrencies().stream()
            .map(Currency::getCurrencyCode)
            .collect(Collectors.toUnmodifiableSet());

    private SystemSettingsLinks() {}

    static boolean countryExists(String name) {
        return FrappeCountries.NAMES.contains(name);
    }

    static boolean languageExists(String code) {
        String[] parts = code.split("-", -1);
        if (parts.length == 1) {
            return LANGUAGES.contains(parts[0]);
        }
        return parts.length == 2 && LANGUAGES.contains(parts[0]) && REGIONS.contains(parts[1]);
    }

    static boolean currencyExists(String code) {
        return CURRENCIES.contains(code);
    }

    /** {@code get_language_code(language_name)}: the code of the Language named so, else None (the wizard uses en). */
    static String languageCode(String nameOrCode) {
        if (nameOrCode == null) {
            return "en";
        }
        if (languageExists(nameOrCode)) {
            return nameOrCode;
        }
        return Arrays.stream(Locale.getISOLanguages())
                .filter(code ->
                        new Locale(code).getDisplayLanguage(Locale.ENGLISH).equalsIgnoreCase(nameOrCode))
                .findFirst()
                .orElse("en");
    }
}
