package io.benchline.simulator.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.benchline.simulator.fixture.SimulatedBenchHost;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The standby pool's claim: {@code cd '<bench>' && test ! -e 'sites/<site>' && mv -T 'sites/<standby>' 'sites/<site>'}
 * moves the site whole (database, users, keys) to the new name; the old name answers 404; an existing target or a
 * missing source is exit 1 as coreutils gives it, and nothing moves.
 */
class SiteRenameTests {

    private static final String STANDBY = "0123456789ab.standby.invalid";
    private static final String RENAME = "cd '/home/frappe/frappe-bench' && test ! -e 'sites/acme.localhost'"
            + " && mv -T 'sites/" + STANDBY + "' 'sites/acme.localhost'";

    @TempDir
    Path folder;

    @Test
    void theSiteAnswersUnderItsNewNameWithItsKeysAndTheOldNameIsGone() throws Exception {
        try (SimulatedBenchHost host = SimulatedBenchHost.start(folder)) {
            SimulatedBenchHost.ReadySite standby = host.readySite(STANDBY);
            assertThat(status(host, STANDBY, standby)).isEqualTo(200);
            assertThat(status(host, "acme.localhost", standby)).isEqualTo(404);

            host.run(RENAME);

            assertThat(status(host, "acme.localhost", standby)).isEqualTo(200);
            assertThat(status(host, STANDBY, standby)).isEqualTo(404);
            assertThat(host.simulator.site(STANDBY)).isEmpty();
            assertThat(host.simulator.site("acme.localhost").orElseThrow().installedApps())
                    .contains("erpnext");
            assertThat(host.apiKey("acme.localhost")).isEqualTo(standby.apiKey());
        }
    }

    @Test
    void anExistingTargetStopsTheRenameSilentlyAndAMissingStandbyIsCannotStat() {
        try (SimulatedBenchHost host = SimulatedBenchHost.start(folder)) {
            host.readySite(STANDBY);
            host.readySite("acme.localhost");

            assertThatThrownBy(() -> host.run(RENAME))
                    .hasMessageEndingWith("exited 1: ")
                    .satisfies(e -> assertThat(host.simulator.site(STANDBY)).isPresent());

            host.run("cd '/home/frappe/frappe-bench' && bench drop-site 'acme.localhost' --force --no-backup");
            host.run(RENAME);
            assertThatThrownBy(() -> host.run(RENAME.replace("acme.localhost", "other.localhost")))
                    .hasMessageContaining(
                            "exited 1: mv: cannot stat 'sites/" + STANDBY + "': No such file or directory");
            assertThat(host.simulator.site("other.localhost")).isEmpty();
        }
    }

    @Test
    void onPerSiteTlsHostsTheNewNameIsRoutedOnlyAfterSetupNginx() throws Exception {
        try (SimulatedBenchHost host = SimulatedBenchHost.start(folder, b -> b.perSiteTls(true))) {
            SimulatedBenchHost.ReadySite standby = host.readySite(STANDBY);
            host.run(RENAME);
            assertThat(status(host, "acme.localhost", standby)).isEqualTo(404);

            host.publishSites();

            assertThat(status(host, "acme.localhost", standby)).isEqualTo(200);
        }
    }

    private static int status(SimulatedBenchHost host, String site, SimulatedBenchHost.ReadySite keys)
            throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(
                                        host.simulator.httpBaseUrl() + "/api/method/frappe.auth.get_logged_user"))
                                .header("Host", site)
                                .header("Authorization", "token " + keys.apiKey() + ":" + keys.apiSecret())
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }
}
