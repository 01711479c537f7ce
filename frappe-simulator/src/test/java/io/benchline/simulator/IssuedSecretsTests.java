package io.benchline.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchline.simulator.fixture.SimulatedBenchHost;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IssuedSecretsTests {

    @TempDir
    Path folder;

    @Test
    void keepsEverySecretTheHostIssuedWithItsSiteAndNeverShowsOneInToString() {
        try (SimulatedBenchHost host = SimulatedBenchHost.start(folder)) {
            host.run("bench new-site acme.localhost --admin-password Admin-Pass-123 --install-app erpnext");
            String first = host.generateKeys("acme.localhost");
            host.run("bench --site acme.localhost add-system-manager jane@acme.example --password Jane-Pass-456");
            host.run("bench --site acme.localhost execute frappe.www.login._generate_temporary_login_link"
                    + " --args \"['jane@acme.example', 5]\"");
            host.run("mv -T sites/acme.localhost sites/renamed.localhost");
            String second = host.generateKeys("renamed.localhost");

            assertThat(host.simulator.issuedSecrets())
                    .extracting(IssuedSecret::kind, IssuedSecret::site, IssuedSecret::user)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(
                                    IssuedSecret.Kind.PASSWORD, "acme.localhost", "Administrator"),
                            org.assertj.core.groups.Tuple.tuple(
                                    IssuedSecret.Kind.API_SECRET, "acme.localhost", "Administrator"),
                            org.assertj.core.groups.Tuple.tuple(
                                    IssuedSecret.Kind.PASSWORD, "acme.localhost", "jane@acme.example"),
                            org.assertj.core.groups.Tuple.tuple(
                                    IssuedSecret.Kind.LOGIN_KEY, "acme.localhost", "jane@acme.example"),
                            org.assertj.core.groups.Tuple.tuple(
                                    IssuedSecret.Kind.API_SECRET, "renamed.localhost", "Administrator"));
            assertThat(host.simulator.issuedSecrets())
                    .extracting(IssuedSecret::value)
                    .contains("Admin-Pass-123", first, "Jane-Pass-456", second);
            assertThat(host.simulator.issuedSecrets())
                    .allSatisfy(s -> assertThat(s.toString()).doesNotContain(s.value()));
        }
    }
}
