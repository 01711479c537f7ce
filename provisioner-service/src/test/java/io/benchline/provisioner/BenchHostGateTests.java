package io.benchline.provisioner;

import static io.benchline.testing.TopicDump.events;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.benchline.events.LoginKeyIssued;
import io.benchline.events.LoginKeyRequested;
import io.benchline.events.Signup;
import io.benchline.events.SignupCompleted;
import io.benchline.events.SiteOperation;
import io.benchline.events.SiteOperationCompleted;
import io.benchline.events.SiteOperationRequested;
import io.benchline.events.SiteProvisioned;
import io.benchline.events.TenantRequested;
import io.benchline.platform.secrets.Keysets;
import io.benchline.schemas.SampleEvents;
import io.benchline.simulator.FailurePlan;
import io.benchline.simulator.HostMisconfiguration;
import io.benchline.simulator.RecordedCommand;
import io.benchline.simulator.fixture.SimulatedBenchHost;
import io.benchline.testing.Publish;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The forced command of the provisioner's key on a bench host (deploy/bench-host/benchline-gate) lets through every
 * line the provisioner really sends — taken from the simulator's command record of a whole run: the doctor's checks,
 * a site built after a dropped connection (so a half-built site is dropped), published, warmed up, and its API
 * secret revoked at SignupCompleted (over REST: bench only when that fails), a site suspended, resumed and archived,
 * on a default host and on one with its own bench folder, bench executable and reload command — and runs exactly the
 * words a shell would have run. Everything else is refused and runs nothing. If a template changes without the gate,
 * this fails.
 */
class BenchHostGateTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Every kind of line the provisioner sends; the run must show each, so none goes untested. */
    private static final Set<String> ALL_KINDS = Set.of(
            "installed apps",
            "new-site",
            "drop-site",
            "generate_keys",
            "read api_key",
            "login key",
            "setup nginx",
            "nginx reload",
            "doctor: bench --version",
            "doctor: bench version",
            "doctor: cat common_site_config.json",
            "doctor: bench config --help",
            "doctor: sudo -n -l",
            "maintenance on",
            "maintenance off",
            "disable-scheduler",
            "enable-scheduler",
            "backup",
            "sha256sum",
            "stat",
            "archive");

    private static final String SECOND_FOLDER = "/srv/benches/bench-2";
    private static final String SECOND_EXECUTABLE = "/home/frappe/.local/bin/bench";
    private static final String SECOND_RELOAD = "sudo /usr/sbin/service nginx reload";
    private static final String SECOND_DOMAIN = "b.localhost";

    @TempDir
    Path folder;

    @Test
    void everyLineTheProvisionerSendsIsAllowedAndRunsTheWordsTheShellWouldRun() {
        String keyset = Keysets.generateJson();
        try (SimulatedBenchHost first = SimulatedBenchHost.start(folder.resolve("bench-1"));
                SimulatedBenchHost second = SimulatedBenchHost.start(
                        folder.resolve("bench-2"),
                        b -> b.benchFolder(SECOND_FOLDER)
                                .loginFolderIsBench(false)
                                .nginxReloadCommand(SECOND_RELOAD)
                                .misconfigure(HostMisconfiguration.BENCH_NOT_ON_PATH))) {
            Map<String, String> properties = new HashMap<>(first.properties(0, "bench-1", 2));
            properties.putAll(second.properties(1, "bench-2", 2));
            properties.put("benchline.provisioner.hosts[1].bench-folder", SECOND_FOLDER);
            properties.put("benchline.provisioner.hosts[1].bench-executable", SECOND_EXECUTABLE);
            properties.put("benchline.provisioner.hosts[1].reload-command", SECOND_RELOAD);
            properties.put("benchline.provisioner.hosts[1].site-domain", SECOND_DOMAIN);
            // Credentials go only to sites under a configured site domain: both hosts' domains.
            properties.put("benchline.sites.domains", SimulatedBenchHost.DOMAIN + "," + SECOND_DOMAIN);
            properties.put("benchline.secrets.keysets.login-key.json", Keysets.generateJson());
            first.simulator.faults().dropConnection("new-site", FailurePlan.onCall(1));

            try (RunningProvisioner provisioner =
                    RunningProvisioner.start("provisioner-gate-" + UUID.randomUUID(), keyset, properties)) {
                // Built once the application runs: it tells Avro which event classes to trust.
                TenantRequested onFirst = Requests.forSubdomain(Requests.subdomain("gate"));
                TenantRequested onSecond = onDomain(Requests.forSubdomain(Requests.subdomain("gate")), SECOND_DOMAIN);
                Requests.send(provisioner, onFirst);
                Requests.send(provisioner, onSecond);
                await().atMost(Duration.ofSeconds(90))
                        .until(() -> Stream.of(onFirst, onSecond)
                                .allMatch(r -> !events(SiteProvisioned.class, r.getTenantId())
                                        .isEmpty()));

                String site = onFirst.getSignup().getSiteName();
                LoginKeyRequested loginKey = LoginKeyRequested.newBuilder()
                        .setEventId(UUID.randomUUID())
                        .setTenantId(onFirst.getTenantId())
                        .setOccurredAt(Instant.now())
                        .setRequestId(UUID.randomUUID())
                        .build();
                Publish.event("/benchline/signup-service", loginKey);
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> !events(LoginKeyIssued.class, onFirst.getTenantId())
                                .isEmpty());
                Publish.event("/benchline/user-service", completed(onFirst, first.siteUrl(site)));
                await().atMost(Duration.ofSeconds(60)).until(() -> first.apiSecretsIssued(site) == 2);

                // The site operations, on the host with its own folder and executable: suspend, resume, archive.
                for (SiteOperation operation :
                        List.of(SiteOperation.SUSPEND, SiteOperation.RESUME, SiteOperation.ARCHIVE)) {
                    SiteOperationRequested asked = SiteOperationRequested.newBuilder()
                            .setEventId(UUID.randomUUID())
                            .setTenantId(onSecond.getTenantId())
                            .setOccurredAt(Instant.now())
                            .setOperationId(UUID.randomUUID())
                            .setOperation(operation)
                            .build();
                    Publish.event("/benchline/operator-service", asked);
                    await().atMost(Duration.ofSeconds(60))
                            .until(() -> events(SiteOperationCompleted.class, onSecond.getTenantId()).stream()
                                    .anyMatch(c ->
                                            c.getOperationId().equals(asked.getOperationId()) && c.getSucceeded()));
                }
            }

            BenchHostGate firstGate = BenchHostGate.configured(
                    folder.resolve("bench-1.conf"),
                    "bench-folder = /home/frappe/frappe-bench\n"
                            + "reload-command = sudo service nginx reload\n"
                            + "site-domains = " + SimulatedBenchHost.DOMAIN + "\n");
            BenchHostGate secondGate = BenchHostGate.configured(
                    folder.resolve("bench-2.conf"),
                    "bench-folder = " + SECOND_FOLDER + "\n"
                            + "bench-executable = " + SECOND_EXECUTABLE + "\n"
                            + "reload-command = " + SECOND_RELOAD + "\n"
                            + "site-domains = " + SECOND_DOMAIN + "\n");
            Set<String> kinds = new TreeSet<>();
            kinds.addAll(assertAllowed(firstGate, first.simulator.commands()));
            kinds.addAll(assertAllowed(secondGate, second.simulator.commands()));
            assertThat(kinds).as("kinds of lines the run sent").containsExactlyInAnyOrderElementsOf(ALL_KINDS);

            // A host's gate does not let the other host's lines through: folder, executable and reload are its own.
            assertThat(second.simulator.commands())
                    .allSatisfy(
                            c -> assertThat(firstGate.dryRun(c.commandLine()).exitCode())
                                    .as("bench-1's gate on %s", c.commandLine())
                                    .isEqualTo(126));
        }
    }

    @Test
    void hostileLinesAreRefusedWithAReasonAndRunNothing() throws IOException {
        Path bench = Files.createDirectories(folder.resolve("frappe-bench"));
        Path record = Files.createDirectories(folder.resolve("record"));
        Path bin = standIns(record, "bench", "timeout", "env", "cat", "sudo", "sh", "bash", "id", "rm", "python3");
        BenchHostGate gate = BenchHostGate.configured(
                folder.resolve("gate.conf"),
                "bench-folder = " + bench + "\nreload-command = sudo -n /usr/sbin/service nginx reload\n");
        String cd = "cd '" + bench + "' && ";
        String limit = "timeout --kill-after=30s 60 ";
        String onSite = cd + limit + "bench --site 'acme.localhost' ";

        List<String> hostile = new ArrayList<>(List.of(
                // Other bench and Frappe commands, other callables and arguments.
                onSite + "console",
                onSite + "mariadb",
                onSite + "execute os.system --args \"['id']\"",
                onSite + "execute frappe.get_installed_apps --args \"['x']\"",
                onSite + "execute frappe.core.doctype.user.user.generate_keys --args \"['jane@acme.example']\"",
                onSite + "execute frappe.db.get_value --args \"['User','Administrator','api_secret']\"",
                onSite + "set-admin-password hunter2hunter2",
                // The warm-up sets the Administrator password over REST: no bench line sets one.
                onSite + "set-admin-password",
                onSite + "set-config -g root_password x",
                onSite + "backup --with-files",
                // One-time login keys: only the contract's line, for a customer's address, 1..60 minutes.
                onSite + "execute frappe.www.login._generate_temporary_login_link --args \"['Administrator', 2]\"",
                onSite + "execute frappe.www.login._generate_temporary_login_link --args \"['admin@example.com', 2]\"",
                onSite
                        + "execute frappe.www.login._generate_temporary_login_link --args \"['ADMINISTRATOR@acme.example',"
                        + " 2]\"",
                onSite + "execute frappe.www.login._generate_temporary_login_link --args \"['guest@example.com', 2]\"",
                onSite + "execute frappe.www.login._generate_temporary_login_link --args \"['', 2]\"",
                onSite + "execute frappe.www.login._generate_temporary_login_link --args \"['jane@acme.example', 0]\"",
                onSite + "execute frappe.www.login._generate_temporary_login_link --args \"['jane@acme.example', 61]\"",
                onSite + "execute frappe.www.login._generate_temporary_login_link --args \"['jane@acme.example']\"",
                onSite + "execute frappe.www.login._generate_temporary_login_link --args \"['jane@acme.example', 2,"
                        + " 3]\"",
                onSite + "execute frappe.www.login._generate_temporary_login_link --args \"['jane@acme.example',2]\"",
                onSite + "execute frappe.www.login._generate_temporary_login_link --args '[\"jane@acme.example\", 2]'",
                onSite + "execute frappe.www.login._generate_temporary_login_link --args \"['jane@acme.example', 2]\""
                        + " --profile",
                onSite + "execute frappe.www.login._generate_temporary_login_link --args \"['jane@acme.example', 2]\""
                        + " \"['eve@evil.example', 2]\"",
                onSite + "execute frappe.www.login._generate_temporary_login_link --kwargs \"{'email':"
                        + " 'jane@acme.example', 'expiry': 2}\"",
                onSite + "execute frappe.www.login._generate_temporary_login_link",
                onSite + "execute frappe.www.login._generate_temporary_login_link --args \"['jane@acme.example', 2]\";"
                        + " id",
                onSite + "execute frappe.www.login._generate_temporary_login_link --args \"['jane@acme.example',"
                        + " $(id)]\"",
                onSite + "execute frappe.www.login._generate_temporary_login_link --args \"['jane@acme.example'\"'\"',"
                        + " 2]\"",
                onSite + "execute frappe.www.login._generate_temporary_login_link --args \"['jane@acme.example', 2]"
                        + " + ['x']\"",
                onSite
                        + "execute frappe.www.login._generate_temporary_login_link --args \"['jane@acme.example`id`', 2]\"",
                onSite
                        + "execute frappe.www.login._generate_temporary_login_link --args \"['j\u00e4ne@acme.example', 2]\"",
                onSite + "execute frappe.www.login.login_via_key --args \"['0123456789abcdef0123']\"",
                cd + "bench --site 'acme.localhost' execute frappe.www.login._generate_temporary_login_link --args"
                        + " \"['jane@acme.example', 2]\"",
                cd + limit + "bench --site all execute frappe.get_installed_apps",
                cd + limit + "bench --site 'acme.localhost' --site 'other.localhost' disable-scheduler",
                cd + limit + "bench new-site 'acme.localhost' --install-app erpnext --admin-password hunter2hunter2",
                cd + limit + "bench new-site 'acme.localhost' --install-app erpnext --db-root-password hunter2",
                cd + limit + "bench new-site 'acme.localhost'",
                cd + limit + "bench drop-site 'acme.localhost' --force --no-backup --root-password x",
                cd + limit + "bench drop-site 'acme.localhost'",
                cd + limit + "bench setup nginx --yes",
                cd + limit + "env HTTPS_PROXY=http://evil.example:9 bench setup nginx --yes",
                cd + limit + "env LD_PRELOAD=/tmp/x.so HTTPS_PROXY=http://127.0.0.1:9 bench setup nginx --yes",
                cd + limit + "env HTTPS_PROXY=http://127.0.0.1:9 bench --site acme.localhost console",
                cd + "env LD_PRELOAD=/tmp/x.so bench --version",
                cd + "bench --site acme.localhost console",
                cd + "bench update",
                // timeout: only the provisioner's shape.
                cd + "timeout --kill-after=30s 0 bench --site acme.localhost disable-scheduler",
                cd + "timeout --kill-after=30s 999999 bench --site acme.localhost disable-scheduler",
                cd + "timeout --kill-after=1s 60 bench --site acme.localhost disable-scheduler",
                cd + "timeout --kill-after=30s 60 --signal=KILL bench --site acme.localhost disable-scheduler",
                cd + "timeout --kill-after=30s 60 timeout --kill-after=30s 60 bench --version",
                cd + "timeout --kill-after=30s 60 cat sites/common_site_config.json",
                cd + "timeout --kill-after=30s 60 sh -c id",
                cd + "bench new-site 'acme.localhost' --install-app erpnext",
                // Files and folders.
                "cat /etc/shadow",
                cd + "cat /etc/shadow",
                cd + "cat sites/acme.localhost/site_config.json",
                cd + "cat sites/common_site_config.json /etc/shadow",
                cd + "cat ../../../etc/shadow",
                "cd '/tmp' && bench --version",
                "cd '" + bench + "/../..' && bench --version",
                "cd '" + bench + "/' && bench --version",
                "cd && bench --version",
                "bench --version",
                "cat sites/common_site_config.json",
                // Chains, separators, substitutions, redirections, background jobs, comments.
                cd + "cd / && bench --version",
                cd + "bench --version && id",
                cd + "bench --version; id",
                cd + "bench --version & id",
                cd + "bench --version &",
                cd + "bench --version || id",
                cd + "bench --version | sh",
                cd + "bench --version > /tmp/x",
                cd + "bench --version < /etc/shadow",
                cd + "bench --version # comment",
                cd + "bench --version $(id)",
                cd + "bench --version `id`",
                cd + "bench --version ${HOME}",
                onSite + "execute frappe.get_installed_apps\nid",
                onSite + "execute frappe.get_installed_apps\rid",
                onSite + "execute\tfrappe.get_installed_apps",
                onSite + "execute frappe.get_installed_apps \\; id",
                "cd '" + bench + "'&&bench --version",
                "cd '" + bench + "' '&&' bench --version",
                "cd '" + bench + " && bench --version'",
                "(cd '" + bench + "' && bench --version)",
                "{ cd '" + bench + "' && bench --version; }",
                // Quotes: unbalanced, or breaking out of the site name's quotes.
                onSite.replace("'acme.localhost'", "'acme.localhost") + "console",
                onSite.replace("'acme.localhost'", "'acme.localhost'\"'\"' console '") + "console",
                cd + limit + "bench --site \"acme.localhost\" execute \"frappe.get_installed_apps\" '--force'",
                cd + limit + "bench --site 'acme.localhost' execute frappe.db.get_value --args \"['User'\"",
                // Site names outside SiteName's rule, overlong ones, unicode lookalikes.
                cd + limit + "bench new-site 'ACME.localhost' --install-app erpnext",
                cd + limit + "bench new-site 'ab.localhost' --install-app erpnext",
                cd + limit + "bench new-site '-acme.localhost' --install-app erpnext",
                cd + limit + "bench new-site 'acme-.localhost' --install-app erpnext",
                cd + limit + "bench new-site 'xn--80ak6aa92e.localhost' --install-app erpnext",
                cd + limit + "bench new-site 'acme' --install-app erpnext",
                cd + limit + "bench new-site '../../etc.localhost' --install-app erpnext",
                cd + limit + "bench new-site 'acme..localhost' --install-app erpnext",
                cd + limit + "bench new-site '" + "a".repeat(64) + ".localhost' --install-app erpnext",
                cd + limit + "bench new-site 'acme." + "b".repeat(60) + "." + "c".repeat(60) + "." + "d".repeat(60)
                        + "." + "e".repeat(60) + "." + "f".repeat(60) + "' --install-app erpnext",
                cd + limit + "bench new-site '\u0430cme.localhost' --install-app erpnext",
                cd + limit + "b\u0435nch --version",
                cd + "bench\u00a0--version",
                cd + "bench --version\uff1b id",
                cd + "bench --version\u200b",
                onSite + "execute frappe.get_installed_apps " + "x".repeat(3000),
                // sudo: only the reload and the doctor's listing of it.
                "sudo -i",
                "sudo -n -l",
                "sudo -n -l /usr/sbin/service nginx restart",
                "sudo -n /usr/sbin/service nginx restart",
                "sudo -n /usr/sbin/service nginx reload && id",
                "sudo -n /usr/sbin/service nginx reload; id",
                "sudo -n /usr/sbin/service nginx reload now",
                "sudo -n -u root /usr/sbin/service nginx reload",
                "sudo sh",
                cd + "sudo -n /usr/sbin/service nginx reload",
                // Shells, subsystems and interactive logins.
                "",
                "   ",
                "sh",
                "bash -i",
                "/bin/sh -c 'bench --version'",
                "python3 -c 'import os'",
                "sftp",
                "internal-sftp",
                "scp -t /tmp",
                "rsync --server -e.LsfxC . /tmp",
                "git-upload-pack '/home/frappe'"));

        for (String line : hostile) {
            BenchHostGate.Outcome outcome = gate.run(line, Map.of("PATH", bin.toString()), "hunter2hunter2\n");
            assertThat(outcome.exitCode()).as("exit of %s", line).isEqualTo(126);
            assertThat(outcome.stdout()).as("stdout of %s", line).isEmpty();
            assertThat(outcome.stderr())
                    .as("stderr of %s", line)
                    .startsWith("benchline-gate: refused: ")
                    .doesNotContain("hunter2")
                    .hasLineCount(1);
            try (Stream<Path> ran = Files.list(record)) {
                assertThat(ran).as("programs run for %s", line).isEmpty();
            }
            assertThat(gate.dryRun(line).exitCode()).as("dry run of %s", line).isEqualTo(126);
        }
    }

    @Test
    void anAllowedLineRunsItsWordsInTheBenchFolderWithStandardInputAndTheCommandsExitStatus() throws IOException {
        Path bench = Files.createDirectories(folder.resolve("frappe-bench"));
        Path record = Files.createDirectories(folder.resolve("record"));
        Path bin = standIns(record, "timeout", "bench");
        BenchHostGate gate = BenchHostGate.configured(folder.resolve("gate.conf"), "bench-folder = " + bench + "\n");

        BenchHostGate.Outcome outcome = gate.run(
                "cd '" + bench
                        + "' && timeout --kill-after=30s 120 bench new-site 'acme.localhost' --install-app erpnext",
                Map.of("PATH", bin.toString(), "STAND_IN_EXIT", "7"),
                "the password\n");

        assertThat(outcome.exitCode()).as("the command's own exit status").isEqualTo(7);
        assertThat(Files.readAllLines(record.resolve("timeout")))
                .containsExactly(
                        "argv: --kill-after=30s|120|bench|new-site|acme.localhost|--install-app|erpnext",
                        "cwd: " + bench.toRealPath(),
                        "stdin: the password",
                        "SSH_ORIGINAL_COMMAND: ");
    }

    /** The contract's login-key line passes byte for byte, for any address of the allow-list and 1..60 minutes. */
    @Test
    void theLoginKeyLineOfTheContractPassesAndRunsItsWords() throws IOException {
        BenchHostGate gate = BenchHostGate.configured(
                folder.resolve("gate.conf"), "bench-folder = /home/frappe/frappe-bench\nsite-domains = localhost\n");
        for (String arguments : List.of(
                "['jane@acme.example', 2]", "['jane.doe+erp%1@sub.acme-example.co.uk', 1]", "['J_D@x.io', 60]")) {
            String line = "cd '/home/frappe/frappe-bench' && timeout --kill-after=30s 60 bench --site 'acme.localhost'"
                    + " execute frappe.www.login._generate_temporary_login_link --args \"" + arguments + "\"";
            BenchHostGate.Outcome outcome = gate.dryRun(line);
            assertThat(outcome.exitCode()).as("%s: %s", line, outcome.stderr()).isZero();
            JsonNode parsed = JSON.readTree(outcome.stdout());
            assertThat(parsed.path("name").asString()).isEqualTo("login key acme.localhost");
            List<String> argv = new ArrayList<>();
            parsed.path("argv").forEach(w -> argv.add(w.asString()));
            assertThat(argv)
                    .containsExactly(
                            "timeout",
                            "--kill-after=30s",
                            "60",
                            "bench",
                            "--site",
                            "acme.localhost",
                            "execute",
                            "frappe.www.login._generate_temporary_login_link",
                            "--args",
                            arguments);
        }
    }

    @Test
    void theDoctorStillTellsAMissingBenchFolderAndAMissingBench() throws IOException {
        Path record = Files.createDirectories(folder.resolve("record"));
        Path bin = standIns(record, "cat");
        Path missing = folder.resolve("no-such-bench");
        BenchHostGate noFolder =
                BenchHostGate.configured(folder.resolve("no-folder.conf"), "bench-folder = " + missing + "\n");
        BenchHostGate.Outcome cd = noFolder.run("cd '" + missing + "' && bench --version", Map.of(), "");
        assertThat(cd.exitCode()).isEqualTo(2);
        assertThat(cd.stderr()).contains("can't cd");

        Path bench = Files.createDirectories(folder.resolve("frappe-bench"));
        BenchHostGate gate = BenchHostGate.configured(folder.resolve("gate.conf"), "bench-folder = " + bench + "\n");
        BenchHostGate.Outcome notFound =
                gate.run("cd '" + bench + "' && bench --version", Map.of("PATH", bin.toString()), "");
        assertThat(notFound.exitCode()).isEqualTo(127);
        assertThat(notFound.stderr()).contains("bench: not found");
        try (Stream<Path> ran = Files.list(record)) {
            assertThat(ran).isEmpty();
        }
    }

    @Test
    void anUnconfiguredOrLooselyConfiguredGateRefusesEverything() throws IOException {
        String line = "cd '/home/frappe/frappe-bench' && bench --version";
        assertThat(BenchHostGate.withConfigFile(folder.resolve("absent.conf")).dryRun(line))
                .satisfies(o -> assertThat(o.exitCode()).isEqualTo(126))
                .satisfies(o -> assertThat(o.stderr()).contains("not configured"));

        BenchHostGate writable = BenchHostGate.configured(folder.resolve("writable.conf"), "");
        Files.setPosixFilePermissions(folder.resolve("writable.conf"), PosixFilePermissions.fromString("rw-rw-rw-"));
        assertThat(writable.dryRun(line).stderr()).contains("writable by group or others");
        assertThat(writable.dryRun(line).exitCode()).isEqualTo(126);

        for (String settings : List.of(
                "bench-folder = /home/frappe/frappe bench\n",
                "bench-folder = ~/frappe-bench\n",
                "bench-executable = bench; id\n",
                "reload-command = sudo service nginx reload; id\n",
                "site-domains = Example.COM\n",
                "allow-everything = yes\n")) {
            BenchHostGate gate = BenchHostGate.configured(folder.resolve("bad.conf"), settings);
            assertThat(gate.dryRun(line).exitCode()).as("with %s", settings).isEqualTo(126);
        }

        // site-domains narrows the sites to Benchline's own domains.
        BenchHostGate narrowed = BenchHostGate.configured(folder.resolve("narrow.conf"), "site-domains = localhost\n");
        String site = "cd '/home/frappe/frappe-bench' && timeout --kill-after=30s 60 bench --site '%s' "
                + "execute frappe.get_installed_apps";
        assertThat(narrowed.dryRun(site.formatted("acme.localhost")).exitCode()).isZero();
        assertThat(narrowed.dryRun(site.formatted("acme.example.com")).exitCode())
                .isEqualTo(126);
    }

    /**
     * The pool's claim (the contract's line, byte for byte): the gate makes the {@code test ! -e} itself and runs only
     * {@code mv -T}; it never moves into an existing site, and every variant that could move or test anything else —
     * another folder, a customer's site as the source, a standby outside {@code .invalid}, a path escape, a different
     * target than the one tested, extra options, a shell chain — is refused and moves nothing.
     */
    @Test
    void aStandbysRenameRunsOnlyAsTheClaimAndHostileVariantsAreRefused() throws IOException {
        Path bench = Files.createDirectories(folder.resolve("frappe-bench"));
        String standby = "0123456789ab.standby.invalid";
        Path standbyFolder = Files.createDirectories(bench.resolve("sites").resolve(standby));
        Files.writeString(standbyFolder.resolve("site_config.json"), "{}");
        BenchHostGate gate = BenchHostGate.configured(
                folder.resolve("gate.conf"), "bench-folder = " + bench + "\nsite-domains = localhost\n");
        String cd = "cd '" + bench + "' && ";
        String rename = cd + "test ! -e 'sites/acme.localhost' && mv -T 'sites/" + standby + "' 'sites/acme.localhost'";
        Map<String, String> path = Map.of("PATH", "/usr/bin:/bin");

        BenchHostGate.Outcome dryRun = gate.dryRun(rename);
        assertThat(dryRun.exitCode()).isZero();
        assertThat(JSON.readTree(dryRun.stdout()).path("argv").toString())
                .isEqualTo("[\"mv\",\"-T\",\"sites/" + standby + "\",\"sites/acme.localhost\"]");

        Path taken = Files.createDirectories(bench.resolve("sites/acme.localhost"));
        BenchHostGate.Outcome exists = gate.run(rename, path, "");
        assertThat(exists.exitCode()).as("target exists").isEqualTo(1);
        assertThat(exists.stdout() + exists.stderr()).isEmpty();
        assertThat(standbyFolder.resolve("site_config.json")).exists();
        assertThat(taken.resolve(standby)).doesNotExist();
        Files.delete(taken);

        assertThat(gate.run(rename, path, "").exitCode()).isZero();
        assertThat(bench.resolve("sites/acme.localhost/site_config.json")).exists();
        assertThat(standbyFolder).doesNotExist();

        BenchHostGate.Outcome gone = gate.run(rename.replace("acme.localhost", "other.localhost"), path, "");
        assertThat(gone.exitCode()).isEqualTo(1);
        assertThat(gone.stderr()).contains("mv: cannot stat 'sites/" + standby + "'");

        String move = cd + "test ! -e 'sites/%s' && mv -T 'sites/%s' 'sites/%s'";
        List<String> hostile = List.of(
                move.formatted("acme.localhost", "beta.localhost", "acme.localhost"),
                move.formatted("acme.localhost", "0123456789ab.standby.example", "acme.localhost"),
                move.formatted("acme.localhost", "0123456789AB.standby.invalid", "acme.localhost"),
                move.formatted("acme.localhost", "0123456789a.standby.invalid", "acme.localhost"),
                move.formatted("acme.localhost", "../" + standby, "acme.localhost"),
                move.formatted("acme.localhost", standby + "/..", "acme.localhost"),
                move.formatted("acme.localhost", standby, "../../.ssh"),
                move.formatted("../../.ssh", standby, "../../.ssh"),
                move.formatted("other.localhost", standby, "acme.localhost"),
                move.formatted("acme.example.com", standby, "acme.example.com"),
                move.formatted("acme.localhost", standby, standby),
                move.formatted(standby, standby, "acme.localhost"),
                move.formatted("acme.localhost", standby, "acme.localhost").replace("mv -T", "mv"),
                move.formatted("acme.localhost", standby, "acme.localhost").replace("mv -T", "mv -f -T"),
                move.formatted("acme.localhost", standby, "acme.localhost").replace("test !", "test"),
                move.formatted("acme.localhost", standby, "acme.localhost").replace("-e", "-d"),
                move.formatted("acme.localhost", standby, "acme.localhost").replace("'sites/", "'/tmp/"),
                move.formatted("acme.localhost", standby, "acme.localhost").replace(" && mv", " || mv"),
                move.formatted("acme.localhost", standby, "acme.localhost") + " && id",
                move.formatted("acme.localhost", standby, "acme.localhost").replace(cd, "cd '/tmp' && "),
                cd + "mv -T 'sites/" + standby + "' 'sites/acme.localhost'",
                cd + "test ! -e 'sites/acme.localhost' && bench --version",
                cd + "timeout --kill-after=30s 60 mv -T 'sites/" + standby + "' 'sites/acme.localhost'",
                "! -e 'sites/acme.localhost' && mv -T 'sites/" + standby + "' 'sites/acme.localhost' && id",
                // Standby names pass site-domains only in their exact form.
                cd + "timeout --kill-after=30s 60 bench new-site 'abc.standby.invalid' --install-app erpnext",
                cd + "timeout --kill-after=30s 60 bench new-site '0123456789ab.standby.invalid.evil' --install-app"
                        + " erpnext");
        Files.createDirectories(bench.resolve("sites/beta.localhost"));
        for (String line : hostile) {
            BenchHostGate.Outcome outcome = gate.run(line, path, "");
            assertThat(outcome.exitCode()).as("exit of %s", line).isEqualTo(126);
            assertThat(outcome.stderr()).as("stderr of %s", line).startsWith("benchline-gate: refused: ");
        }
        assertThat(gate.dryRun(cd + "timeout --kill-after=30s 60 bench new-site '" + standby
                                + "' --install-app erpnext")
                        .exitCode())
                .as("a standby's new-site under a gate narrowed to the customers' domains")
                .isZero();
        try (Stream<Path> sites = Files.list(bench.resolve("sites"))) {
            assertThat(sites.map(p -> p.getFileName().toString()))
                    .as("nothing moved")
                    .containsExactlyInAnyOrder("acme.localhost", "beta.localhost");
        }
    }

    /**
     * The site operations' lines (contracts §4) pass byte for byte with the host's folders, and every variant that
     * would back up elsewhere, read other files, archive elsewhere or take other options is refused.
     */
    @Test
    void theSiteOperationsLinesPassOnlyWithTheHostsFolders() {
        BenchHostGate gate = BenchHostGate.configured(
                folder.resolve("gate.conf"),
                "bench-folder = /home/frappe/frappe-bench\nsite-domains = localhost\n"
                        + "archive-folder = /srv/archive/sites\n");
        String cd = "cd '/home/frappe/frappe-bench' && ";
        String onSite = cd + "timeout --kill-after=30s 60 bench --site 'acme.localhost' ";
        String operation = "0f8fad5b-d9cb-469f-a165-70867728950e";
        String backups = SimulatedBenchHost.BENCH_FOLDER + "/archived/backups/acme.localhost/" + operation;
        String database = backups + "/20260101_120000-acme_localhost-database.sql.gz";
        String files = backups + "/20260101_120000-acme_localhost-files.tar";
        Map<String, String> allowed = new java.util.LinkedHashMap<>();
        allowed.put(onSite + "set-maintenance-mode on", "maintenance on acme.localhost");
        allowed.put(onSite + "set-maintenance-mode off", "maintenance off acme.localhost");
        allowed.put(onSite + "disable-scheduler", "disable-scheduler acme.localhost");
        allowed.put(onSite + "enable-scheduler", "enable-scheduler acme.localhost");
        allowed.put(onSite + "backup --with-files --backup-path '" + backups + "'", "backup acme.localhost");
        allowed.put(cd + "sha256sum -- '" + database + "' '" + files + "'", "sha256sum acme.localhost");
        allowed.put(cd + "stat -c '%s %n' -- '" + database + "' '" + files + "'", "stat acme.localhost");
        allowed.put(
                cd + "timeout --kill-after=30s 60 bench drop-site 'acme.localhost' --force --no-backup"
                        + " --archived-sites-path '/srv/archive/sites'",
                "archive acme.localhost");
        allowed.forEach((line, name) -> {
            BenchHostGate.Outcome outcome = gate.dryRun(line);
            assertThat(outcome.exitCode()).as("%s: %s", line, outcome.stderr()).isZero();
            assertThat(JSON.readTree(outcome.stdout()).path("name").asString()).isEqualTo(name);
        });

        List<String> hostile = List.of(
                onSite + "set-maintenance-mode",
                onSite + "set-maintenance-mode yes",
                onSite + "set-maintenance-mode on --force",
                onSite + "disable-scheduler --all",
                onSite + "scheduler disable",
                onSite + "backup --with-files",
                onSite + "backup --backup-path '" + backups + "'",
                onSite + "backup --with-files --backup-path '/tmp/" + operation + "'",
                onSite + "backup --with-files --backup-path '" + backups.replace(operation, "latest") + "'",
                onSite + "backup --with-files --backup-path '" + backups.replace("acme.localhost", "beta.localhost")
                        + "'",
                onSite + "backup --with-files --backup-path '" + backups + "/..'",
                onSite + "backup --with-files --backup-path '" + backups + "' --backup-path-db '/tmp/x'",
                onSite + "backup --with-files --compress --backup-path '" + backups + "'",
                onSite.replace("'acme.localhost'", "'acme.example.com'") + "backup --with-files --backup-path '"
                        + backups.replace("acme.localhost", "acme.example.com") + "'",
                cd + "timeout --kill-after=30s 60 sha256sum -- '" + database + "'",
                cd + "sha256sum '" + database + "'",
                cd + "sha256sum -- '/etc/shadow'",
                cd + "sha256sum -- 'sites/common_site_config.json'",
                cd + "sha256sum -- '" + backups + "/../../../../sites/common_site_config.json'",
                cd + "sha256sum -- '" + backups + "/..'",
                cd + "sha256sum -- '" + backups + "/.hidden'",
                cd + "sha256sum -- '" + backups + "'",
                cd + "sha256sum -- '" + database + "' '" + database + "'",
                cd + "sha256sum -- '" + database + "' '"
                        + files.replace(operation, UUID.randomUUID().toString()) + "'",
                cd + "sha256sum -- '" + database + "' '/etc/shadow'",
                cd + "sha256sum --check -- '" + database + "'",
                cd + "sha256sum -- " + "'" + database + "' ".repeat(9),
                cd + "sha256sum -- '" + database + "' && id",
                cd + "stat -- '" + database + "'",
                cd + "stat -c '%U %a %n' -- '" + database + "'",
                cd + "stat -c '%s %n' '" + database + "'",
                cd + "stat -c '%s %n' -- '/etc/shadow'",
                cd + "stat -L -c '%s %n' -- '" + database + "'",
                cd + "timeout --kill-after=30s 60 bench drop-site 'acme.localhost' --force --no-backup"
                        + " --archived-sites-path '/tmp'",
                cd + "timeout --kill-after=30s 60 bench drop-site 'acme.localhost' --force --no-backup"
                        + " --archived-sites-path '/srv/archive/sites/..'",
                cd + "timeout --kill-after=30s 60 bench drop-site 'acme.localhost' --force"
                        + " --archived-sites-path '/srv/archive/sites'",
                cd + "timeout --kill-after=30s 60 bench drop-site 'acme.localhost' --force --no-backup"
                        + " --archived-sites-path '/srv/archive/sites' --root-password x",
                cd + "bench drop-site 'acme.localhost' --force --no-backup --archived-sites-path '/srv/archive/sites'",
                cd + "timeout --kill-after=30s 60 bench drop-site 'acme.example.com' --force --no-backup"
                        + " --archived-sites-path '/srv/archive/sites'");
        for (String line : hostile) {
            BenchHostGate.Outcome outcome = gate.dryRun(line);
            assertThat(outcome.exitCode()).as("exit of %s", line).isEqualTo(126);
            assertThat(outcome.stderr()).as("stderr of %s", line).startsWith("benchline-gate: refused: ");
        }
        // The default archive folder is not this host's: its gate names another one.
        assertThat(gate.dryRun(cd + "timeout --kill-after=30s 60 bench drop-site 'acme.localhost' --force --no-backup"
                                + " --archived-sites-path '/home/frappe/frappe-bench/archived/sites'")
                        .exitCode())
                .isEqualTo(126);
        for (String settings : List.of("backup-folder = /srv/../etc\n", "archive-folder = relative/sites\n")) {
            BenchHostGate bad = BenchHostGate.configured(folder.resolve("bad.conf"), settings);
            assertThat(bad.dryRun(cd + "bench --version").exitCode())
                    .as("with %s", settings)
                    .isEqualTo(126);
        }
    }

    /** Checks each recorded line passes {@code gate} and runs the recorded words; returns the kinds of lines seen. */
    private static Set<String> assertAllowed(BenchHostGate gate, List<RecordedCommand> commands) {
        assertThat(commands).isNotEmpty();
        Set<String> kinds = new TreeSet<>();
        for (RecordedCommand command : commands) {
            BenchHostGate.Outcome outcome = gate.dryRun(command.commandLine());
            assertThat(outcome.exitCode())
                    .as("the gate on %s: %s", command.commandLine(), outcome.stderr())
                    .isZero();
            JsonNode parsed = JSON.readTree(outcome.stdout());
            List<String> words = new ArrayList<>();
            if (!parsed.path("cwd").isNull()) {
                words.addAll(List.of("cd", parsed.path("cwd").asString(), "&&"));
            }
            if (parsed.path("name").asString().startsWith("rename standby ")) {
                // The gate makes the test itself (lstat) and runs only mv -T.
                words.addAll(
                        List.of("test", "!", "-e", parsed.path("argv").get(3).asString(), "&&"));
            }
            parsed.path("argv").forEach(w -> words.add(w.asString()));
            assertThat(words)
                    .as("what the gate runs for %s", command.commandLine())
                    .isEqualTo(command.argv());
            kinds.add(parsed.path("name").asString().replaceFirst(" [a-z0-9.-]+\\.localhost$", ""));
        }
        return kinds;
    }

    /**
     * Stand-ins for programs in a PATH of their own: each writes its arguments, working folder, standard input and
     * SSH_ORIGINAL_COMMAND to {@code record/<name>} and exits with {@code STAND_IN_EXIT} (default 0).
     */
    private Path standIns(Path record, String... names) throws IOException {
        Path bin = Files.createDirectories(folder.resolve("bin"));
        for (String name : names) {
            Path script = bin.resolve(name);
            Files.writeString(script, """
                    #!/bin/sh
                    out='%s'
                    args=$(printf '%%s|' "$@")
                    { echo "argv: ${args%%|}"; echo "cwd: $(/bin/pwd -P)"; echo "stdin: $(/bin/cat)";
                      echo "SSH_ORIGINAL_COMMAND: ${SSH_ORIGINAL_COMMAND:-}"; } > "$out"
                    exit "${STAND_IN_EXIT:-0}"
                    """.formatted(record.resolve(name)));
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return bin;
    }

    private static TenantRequested onDomain(TenantRequested request, String domain) {
        Signup signup = request.getSignup();
        return TenantRequested.newBuilder(request)
                .setSignup(Signup.newBuilder(signup)
                        .setSiteName(signup.getSubdomain() + "." + domain)
                        .setSiteUrl("http://" + signup.getSubdomain() + "." + domain)
                        .build())
                .build();
    }

    private static SignupCompleted completed(TenantRequested request, String siteUrl) {
        return SignupCompleted.newBuilder(SampleEvents.signupCompleted(request.getTenantId()))
                .setSubdomain(request.getSignup().getSubdomain())
                .setSiteUrl(siteUrl)
                .build();
    }
}
