package io.benchline.platform.countries;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class CountriesTests {

    private final Countries countries = Countries.frappe();

    @Test
    void holdsFrappesWholeCountryTable() {
        assertThat(countries.size()).isEqualTo(249);
        assertThat(countries.all()).extracting(Country::code).doesNotHaveDuplicates();
        assertThat(countries.all()).extracting(Country::name).doesNotHaveDuplicates();
    }

    @Test
    void namesCountriesAsFrappeDoesWhereTheJdkDiffers() {
        assertThat(countries.find("CZ")).map(Country::name).contains("Czech Republic");
        assertThat(countries.find("KR")).map(Country::name).contains("Korea, Republic of");
        assertThat(countries.find("RU")).map(Country::name).contains("Russian Federation");
        assertThat(countries.find("HK")).map(Country::name).contains("Hong Kong");
        assertThat(countries.find("AX")).map(Country::name).contains("Åland Islands");
        // The JDK's English names are not Frappe's Country names: that mapping sent 417s to the setup wizard.
        assertThat(new Locale("", "CZ").getDisplayCountry(Locale.ENGLISH)).isNotEqualTo("Czech Republic");
    }

    @Test
    void findsACountryByIsoCodeOrFrappeNameInAnyCase() {
        Country germany = new Country("DE", "Germany");

        assertThat(countries.find("de")).contains(germany);
        assertThat(countries.find("DE")).contains(germany);
        assertThat(countries.find("Germany")).contains(germany);
        assertThat(countries.find(" germany ")).contains(germany);
        assertThat(countries.find("korea, republic of")).map(Country::code).contains("KR");
    }

    @Test
    void knowsNothingElse() {
        assertThat(countries.find("XX")).isEmpty();
        assertThat(countries.find("Czechia")).isEmpty();
        assertThat(countries.find("")).isEmpty();
        assertThat(countries.find(null)).isEmpty();
    }
}
