package io.benchline.provisioner.hosts.checks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CommonSiteConfigTests {

    @Test
    void readsAHostSetUpForBenchline() {
        String json = """
                {
                 "background_workers": 1,
                 "dns_multitenant": true,
                 "root_password": "db-root-secret",
                 "redis_cache": "redis://127.0.0.1:13000"
                }
                """;

        assertThat(CommonSiteConfig.parse(json)).contains(new CommonSiteConfig(true, false, true));
    }

    @Test
    void readsEachMisconfiguration() {
        assertThat(CommonSiteConfig.parse("{\"root_password\": \"r\"}"))
                .contains(new CommonSiteConfig(false, false, true));
        assertThat(CommonSiteConfig.parse("{\"dns_multitenant\": true, \"admin_password\": \"admin\"}"))
                .contains(new CommonSiteConfig(true, true, false));
    }

    /** bench and Frappe test these keys with Python's truthiness, so the doctor does too. */
    @Test
    void followsPythonTruthiness() {
        assertThat(CommonSiteConfig.parse(
                        "{\"dns_multitenant\": 1, \"admin_password\": \"\", \"root_password\": null}"))
                .contains(new CommonSiteConfig(true, false, false));
        assertThat(CommonSiteConfig.parse("{\"dns_multitenant\": \"off\", \"admin_password\": 0}"))
                .contains(new CommonSiteConfig(true, false, false));
        assertThat(CommonSiteConfig.parse("{\"dns_multitenant\": false, \"root_password\": {}}"))
                .contains(new CommonSiteConfig(false, false, false));
    }

    @Test
    void refusesTextThatIsNotAJsonObject() {
        assertThat(CommonSiteConfig.parse("")).isEmpty();
        assertThat(CommonSiteConfig.parse("[]")).isEmpty();
        assertThat(CommonSiteConfig.parse("{\"dns_multitenant\": tru")).isEmpty();
    }

    @Test
    void keepsNoValueOfTheFile() {
        String text = CommonSiteConfig.parse("{\"root_password\": \"db-root-secret\", \"admin_password\": \"adm1n\"}")
                .orElseThrow()
                .toString();

        assertThat(text).doesNotContain("db-root-secret").doesNotContain("adm1n");
    }
}
