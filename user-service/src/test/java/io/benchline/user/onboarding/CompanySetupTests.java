package io.benchline.user.onboarding;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchline.events.Signup;
import io.benchline.schemas.SampleEvents;
import io.benchline.schemas.TrustedAvroPackages;
import io.benchline.user.site.SetupWizardProperties;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CompanySetupTests {

    @BeforeAll
    static void trustEventClasses() {
        // Builders that copy an event resolve its nested classes through Avro's class allow-list.
        TrustedAvroPackages.register();
    }

    private final CompanySetup setup = new CompanySetup(wizard(true, Map.of("India", "04-01")));

    @Test
    void buildsFrappeAndErpnextWizardArgumentsFromTheSignup() {
        Map<String, Object> args = setup.wizardArgs(SampleEvents.signup("acme"), LocalDate.of(2026, 11, 26))
                .orElseThrow();

        assertThat(args)
                .containsEntry("language", "English")
                .containsEntry("country", "Germany")
                .containsEntry("timezone", "Europe/Berlin")
                .containsEntry("currency", "EUR")
                .containsEntry("company_name", "Acme Trading Ltd")
                .containsEntry("company_abbr", "ATL")
                .containsEntry("chart_of_accounts", "Standard")
                .containsEntry("fy_start_date", "2026-01-01")
                .containsEntry("fy_end_date", "2026-12-31")
                .containsEntry("setup_demo", 0);
    }

    @Test
    void neverSendsEmailOrFullNameWhichCanRenameEveryUserOnTheSite() {
        // frappe/frappe#33360: from v15.11 create_or_update_user runs an UPDATE on User without a WHERE clause
        // when full_name splits differently from the stored names; without email it returns at once.
        Map<String, Object> args = setup.wizardArgs(SampleEvents.signup("acme"), LocalDate.of(2026, 11, 26))
                .orElseThrow();

        assertThat(args).doesNotContainKeys("email", "full_name", "first_name", "last_name", "password");
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

        assertThat(setup.wizardArgs(signup, LocalDate.of(2026, 11, 26)).orElseThrow())
                .containsEntry("country", frappeName);
    }

    @Test
    void skipsTheWizardForACountryFrappeDoesNotKnow() {
        Signup unknown =
                Signup.newBuilder(SampleEvents.signup("acme")).setCountry("XX").build();

        assertThat(setup.wizardArgs(unknown, LocalDate.of(2026, 11, 26))).isEmpty();
    }

    @Test
    void usesTheCountrysFiscalYearThatTodayFallsIn() {
        Signup indian = Signup.newBuilder(SampleEvents.signup("acme"))
                .setCountry("India")
                .setCurrency("inr")
                .setTimezone("Asia/Kolkata")
                .build();

        Map<String, Object> args =
                setup.wizardArgs(indian, LocalDate.of(2027, 2, 10)).orElseThrow();

        assertThat(args)
                .containsEntry("fy_start_date", "2026-04-01")
                .containsEntry("fy_end_date", "2027-03-31")
                .containsEntry("currency", "INR");
    }

    @Test
    void turnsTheIsoCountryCodeSignupAcceptsIntoFrappesCountryName() {
        Signup german =
                Signup.newBuilder(SampleEvents.signup("acme")).setCountry("DE").build();
        Signup indian =
                Signup.newBuilder(SampleEvents.signup("acme")).setCountry("IN").build();

        assertThat(setup.wizardArgs(german, LocalDate.of(2026, 11, 26)).orElseThrow())
                .containsEntry("country", "Germany");
        assertThat(setup.wizardArgs(indian, LocalDate.of(2026, 11, 26)).orElseThrow())
                .containsEntry("country", "India")
                .containsEntry("fy_start_date", "2026-04-01");
    }

    @Test
    void skipsTheWizardWithoutCurrency() {
        Signup noCurrency =
                Signup.newBuilder(SampleEvents.signup("acme")).setCurrency(null).build();

        assertThat(setup.wizardArgs(noCurrency, LocalDate.of(2026, 1, 1))).isEmpty();
    }

    @Test
    void skipsTheWizardWhenDisabled() {
        CompanySetup off = new CompanySetup(wizard(false, Map.of()));

        assertThat(off.wizardArgs(SampleEvents.signup("acme"), LocalDate.of(2026, 1, 1)))
                .isEmpty();
    }

    @Test
    void abbreviatesLikeTheErpnextWizard() {
        assertThat(CompanySetup.abbreviation("Müller & Söhne GmbH")).isEqualTo("MSG");
        assertThat(CompanySetup.abbreviation("acme")).isEqualTo("A");
    }

    private static SetupWizardProperties wizard(boolean enabled, Map<String, String> fiscalYearStarts) {
        return new SetupWizardProperties(
                enabled,
                "English",
                "Standard",
                fiscalYearStarts,
                Duration.ofSeconds(180),
                Duration.ofSeconds(5),
                Duration.ofMinutes(3));
    }
}
