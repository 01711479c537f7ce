package io.benchline.platform.sites;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class SiteAddressPolicyTests {

    private final SiteAddressPolicy production =
            new SiteAddressPolicy(List.of("erp.example.com", "Sites.Other.Example"), false);
    private final SiteAddressPolicy local = new SiteAddressPolicy(List.of("localhost"), true);

    @Test
    void acceptsTheTenantsOwnSiteUnderEachConfiguredDomain() {
        SiteAddress address = production.check("acme", "https://acme.erp.example.com");

        assertThat(address.host()).isEqualTo("acme.erp.example.com");
        assertThat(address.url()).isEqualTo(URI.create("https://acme.erp.example.com"));
        assertThat(production.check("acme", "https://ACME.sites.other.example/").host())
                .isEqualTo("acme.sites.other.example");
        assertThat(production.check("acme", "https://acme.erp.example.com:8443").host())
                .isEqualTo("acme.erp.example.com");
    }

    @Test
    void acceptsPlainHttpOnlyWhereItIsAllowed() {
        assertThat(local.check("acme", "http://acme.localhost:8000").host()).isEqualTo("acme.localhost");
        assertThatThrownBy(() -> production.check("acme", "http://acme.erp.example.com"))
                .isInstanceOf(UntrustedSiteAddress.class)
                .hasMessageContaining("plain HTTP is not allowed");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "https://evil.example",
                "https://evil.erp.example.com", // another tenant's site
                "https://acme.erp.example.com.evil.example",
                "https://acme.erp.example.com.", // trailing dot: not the name as configured
                "https://xacme.erp.example.com",
                "https://acme.example.com",
                "https://erp.example.com",
                "https://127.0.0.1",
                "https://[::1]",
                "https://acme.erp.example.com@evil.example",
                "https://evil.example@acme.erp.example.com",
                "https://acme.erp.example.com/login",
                "https://acme.erp.example.com?next=https://evil.example",
                "https://acme.erp.example.com#x",
                "ftp://acme.erp.example.com",
                "acme.erp.example.com",
                "//acme.erp.example.com",
                "https://acme erp.example.com",
                ""
            })
    void refusesAnythingButTheTenantsOwnSite(String siteUrl) {
        assertThatThrownBy(() -> production.check("acme", siteUrl))
                .isInstanceOf(UntrustedSiteAddress.class)
                .hasMessageContaining("no credentials");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Acme", "acme.evil", "-acme", "acme-", "ac_me"})
    void refusesASubdomainThatIsNotOneLowerCaseLabel(String subdomain) {
        assertThatThrownBy(() -> production.check(subdomain, "https://" + subdomain + ".erp.example.com"))
                .isInstanceOf(UntrustedSiteAddress.class);
    }

    @Test
    void messageNamesSchemeAndHostButNeverUserInfoPathOrQuery() {
        assertThatThrownBy(() -> production.check("acme", "https://user:s3cr3t@evil.example/p4th?q=t0ken"))
                .isInstanceOf(UntrustedSiteAddress.class)
                .hasMessageContaining("https://evil.example")
                .hasMessageContaining("acme.<erp.example.com|sites.other.example>")
                .hasMessageNotContaining("s3cr3t")
                .hasMessageNotContaining("p4th")
                .hasMessageNotContaining("t0ken");
    }

    @Test
    void withNoDomainConfiguredEverySiteIsRefused() {
        SiteAddressPolicy unconfigured = new SiteAddressPolicy(List.of(), true);

        assertThatThrownBy(() -> unconfigured.check("acme", "https://acme.erp.example.com"))
                .isInstanceOf(UntrustedSiteAddress.class)
                .hasMessageContaining("benchline.sites.domains");
        assertThatThrownBy(() -> unconfigured.requireDomains("verifier-service"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("benchline.sites.domains");
    }

    @Test
    void aConfiguredDomainMustBeADnsName() {
        assertThatThrownBy(() -> new SiteAddressPolicy(List.of("*.erp.example.com"), false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("benchline.sites.domains");
    }

    @Test
    void autoConfigurationBindsDomainsAndThePlainHttpException() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(SitesAutoConfiguration.class))
                .withPropertyValues(
                        "benchline.sites.domains=localhost,erp.example.com", "benchline.sites.allow-plain-http=true")
                .run(context -> {
                    SiteAddressPolicy policy = context.getBean(SiteAddressPolicy.class);
                    assertThat(policy.domains()).containsExactly("localhost", "erp.example.com");
                    assertThat(policy.check("acme", "http://acme.localhost:8000")
                                    .host())
                            .isEqualTo("acme.localhost");
                });
    }
}
