package io.benchline.user.onboarding;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchline.events.Signup;
import io.benchline.schemas.SampleEvents;
import io.benchline.schemas.TrustedAvroPackages;
import io.benchline.user.site.SystemSettingsProperties;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SystemSettingsPrefillTests {

    @BeforeAll
    static void trustEventClasses() {
        // Builders that copy an event resolve its nested classes through Avro's class allow-list.
        TrustedAvroPackages.register();
    }

    private final SystemSettingsPrefill prefill = new SystemSettingsPrefill(new SystemSettingsProperties(true, "en"));

    @Test
    void fillsFrappesV15FieldsFromTheSignup() {
        Map<String, Object> values = prefill.values(SampleEvents.signup("acme"));

        assertThat(values)
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "country", "Germany", "time_zone", "Europe/Berlin", "currency", "EUR", "language", "en"));
    }

    @Test
    void sendsNothingOfTheSetupWizardsOwnArgumentsOrTheCustomersIdentity() {
        Map<String, Object> values = prefill.values(SampleEvents.signup("acme"));

        // setup_complete's argument names (timezone, company_name, …) are not System Settings fields.
        assertThat(values)
                .doesNotContainKeys(
                        "timezone", "company_name", "email", "full_name", "setup_complete", "password", "new_password");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "CZ|Czech Republic",
                "kr|Korea, Republic of",
                "RU|Russian Federation",
                "HK|Hong Kong",
                "GB|United Kingdom",
                "Germany|Germany"
            })
    void sendsFrappesOwnCountryNameNotTheJdksDisplayName(String country, String frappeName) {
        Signup signup = Signup.newBuilder(SampleEvents.signup("acme"))
                .setCountry(country)
                .build();

        assertThat(prefill.values(signup)).containsEntry("country", frappeName);
    }

    @Test
    void leavesOutACountryFrappeDoesNotHoldButFillsTheRest() {
        Signup unknown =
                Signup.newBuilder(SampleEvents.signup("acme")).setCountry("XX").build();

        assertThat(prefill.values(unknown)).doesNotContainKey("country").containsEntry("time_zone", "Europe/Berlin");
    }

    @Test
    void upperCasesTheCurrencyCode() {
        Signup indian = Signup.newBuilder(SampleEvents.signup("acme"))
                .setCountry("IN")
                .setCurrency("inr")
                .setTimezone("Asia/Kolkata")
                .build();

        assertThat(prefill.values(indian))
                .containsEntry("country", "India")
                .containsEntry("currency", "INR")
                .containsEntry("time_zone", "Asia/Kolkata");
    }

    @Test
    void fillsNothingWhenTheSignupSaysNothingOrPrefillingIsOff() {
        Signup bare = Signup.newBuilder(SampleEvents.signup("acme"))
                .setCountry(null)
                .setCurrency(null)
                .setTimezone(null)
                .build();
        SystemSettingsPrefill off = new SystemSettingsPrefill(new SystemSettingsProperties(false, "en"));

        assertThat(prefill.values(bare)).isEmpty();
        assertThat(off.values(SampleEvents.signup("acme"))).isEmpty();
    }
}
