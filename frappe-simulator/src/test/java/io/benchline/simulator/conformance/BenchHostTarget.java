package io.benchline.simulator.conformance;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.benchline.simulator.FrappeSimulator;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.client.keyverifier.KnownHostsServerKeyVerifier;
import org.apache.sshd.client.keyverifier.RejectAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.FileKeyPairProvider;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;

/**
 * "A bench host" for the conformance suite: an SSH target with key auth and known_hosts verification, its
 * bench folder and bench executable, and the host's nginx, where sites are reached by Host header ONLY (nginx
 * overwrites X-Frappe-Site-Name). A host is checked against the facts' preconditions before any test uses it.
 *
 * <p>Environment, all required together to test a real host:
 * BENCHLINE_CONFORMANCE_SSH=user@host:port, BENCHLINE_CONFORMANCE_SSH_KEY (private key file, OpenSSH format),
 * BENCHLINE_CONFORMANCE_KNOWN_HOSTS (known_hosts file), BENCHLINE_CONFORMANCE_BENCH_FOLDER,
 * BENCHLINE_CONFORMANCE_HTTP_URL (the host's nginx, port 80); optional BENCHLINE_CONFORMANCE_NGINX_RELOAD
 * (default "sudo service nginx reload") and BENCHLINE_CONFORMANCE_BENCH (the bench executable, default
 * "bench"; e.g. /home/frappe/.local/bin/bench). Unset: an embedded simulator that logs in outside the bench
 * folder.
 */
final class BenchHostTarget implements AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final String user;
    private final String host;
    private final int port;
    private final KeyPair key;
    private final Path privateKeyFile;
    private final Path knownHosts;
    private final String benchFolder;
    private final String httpUrl;
    private final String reloadCommand;
    private final String benchExecutable;
    private final FrappeSimulator simulator;
    private final SshClient client;
    private ClientSession session;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private BenchHostTarget(
            String user,
            String host,
            int port,
            KeyPair key,
            Path privateKeyFile,
            Path knownHosts,
            String benchFolder,
            String httpUrl,
            String reloadCommand,
            String benchExecutable,
            FrappeSimulator simulator) {
        this.user = user;
        this.host = host;
        this.port = port;
        this.key = key;
        this.privateKeyFile = privateKeyFile;
        this.knownHosts = knownHosts;
        this.benchFolder = benchFolder;
        this.httpUrl = httpUrl;
        this.reloadCommand = reloadCommand;
        this.benchExecutable = benchExecutable;
        this.simulator = simulator;
        this.client = SshClient.setUpDefaultClient();
        client.setServerKeyVerifier(new KnownHostsServerKeyVerifier(RejectAllServerKeyVerifier.INSTANCE, knownHosts));
        client.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY);
        client.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER);
        client.start();
    }

    /**
     * The host under test, checked against the host preconditions first: a misconfigured real host fails the
     * suite at once with a report naming every failing precondition, instead of failing tests one by one.
     */
    static BenchHostTarget resolve(Path workDir) throws IOException, GeneralSecurityException {
        BenchHostTarget target = unchecked(workDir);
        HostPreconditions.Report report = HostPreconditions.check(target, HostPreconditions.STALL_LIMIT);
        if (!report.passed()) {
            target.close();
            throw new IllegalStateException(report.text());
        }
        return target;
    }

    private static BenchHostTarget unchecked(Path workDir) throws IOException, GeneralSecurityException {
        Map<String, String> env = System.getenv();
        String ssh = env.get("BENCHLINE_CONFORMANCE_SSH");
        if (ssh != null && !ssh.isBlank()) {
            String user = ssh.substring(0, ssh.indexOf('@'));
            String hostPort = ssh.substring(ssh.indexOf('@') + 1);
            int colon = hostPort.lastIndexOf(':');
            Path keyFile = Path.of(env.get("BENCHLINE_CONFORMANCE_SSH_KEY"));
            KeyPair key =
                    new FileKeyPairProvider(keyFile).loadKeys(null).iterator().next();
            return new BenchHostTarget(
                    user,
                    colon < 0 ? hostPort : hostPort.substring(0, colon),
                    colon < 0 ? 22 : Integer.parseInt(hostPort.substring(colon + 1)),
                    key,
                    keyFile,
                    Path.of(env.get("BENCHLINE_CONFORMANCE_KNOWN_HOSTS")),
                    env.get("BENCHLINE_CONFORMANCE_BENCH_FOLDER"),
                    env.get("BENCHLINE_CONFORMANCE_HTTP_URL"),
                    env.getOrDefault("BENCHLINE_CONFORMANCE_NGINX_RELOAD", "sudo service nginx reload"),
                    env.getOrDefault("BENCHLINE_CONFORMANCE_BENCH", "bench"),
                    null);
        }
        return embedded(workDir, builder -> builder);
    }

    /** An embedded simulator with test-specific settings on top of the suite's defaults. */
    static BenchHostTarget embedded(Path workDir, UnaryOperator<FrappeSimulator.Builder> customize)
            throws IOException, GeneralSecurityException {
        KeyPair key = KeyUtils.generateKeyPair(KeyPairProviderNames.ECDSA_P256, 256);
        Path authorizedKeys = workDir.resolve("authorized_keys");
        Files.writeString(authorizedKeys, PublicKeyEntry.toString(key.getPublic()) + " conformance\n");
        Path privateKey = workDir.resolve("id_ecdsa");
        try (OutputStream out = Files.newOutputStream(privateKey)) {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(key, "conformance", null, out);
        }
        Files.setPosixFilePermissions(privateKey, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        FrappeSimulator simulator = customize
                .apply(FrappeSimulator.builder()
                        .authorizedKeys(authorizedKeys)
                        .hostKeyFile(workDir.resolve("ssh_host_key"))
                        .loginFolderIsBench(false)
                        // Installing erpnext is slow enough to race two new-sites; the rest stays quick.
                        .timeScale(1)
                        .newSiteDuration(Duration.ofMillis(200))
                        .installAppDuration(Duration.ofMillis(1500))
                        .backupDuration(Duration.ofMillis(200))
                        // At time scale 1 the real 1.2 s start of every command would make the suite crawl.
                        .frappeInvocationCost(Duration.ZERO)
                        .benchInvocationCost(Duration.ZERO))
                .start();
        Path knownHosts = workDir.resolve("known_hosts");
        Files.writeString(knownHosts, simulator.knownHostsLine() + "\n");
        return new BenchHostTarget(
                "frappe",
                simulator.host(),
                simulator.sshPort(),
                key,
                privateKey,
                knownHosts,
                "/home/frappe/frappe-bench",
                simulator.httpBaseUrl(),
                "sudo service nginx reload",
                "bench",
                simulator);
    }

    /** A site name no earlier run used, so tests against a real host do not collide. */
    static String newSiteName() {
        return "conf-" + UUID.randomUUID().toString().substring(0, 8) + ".localhost";
    }

    boolean embedded() {
        return simulator != null;
    }

    FrappeSimulator simulator() {
        return simulator;
    }

    String benchFolder() {
        return benchFolder;
    }

    String reloadCommand() {
        return reloadCommand;
    }

    String user() {
        return user;
    }

    String host() {
        return host;
    }

    int port() {
        return port;
    }

    Path privateKeyFile() {
        return privateKeyFile;
    }

    Path knownHosts() {
        return knownHosts;
    }

    String benchExecutable() {
        return benchExecutable;
    }

    /** Runs {@code cd <bench folder> && <benchLine>}, a leading {@code bench} replaced by the bench executable. */
    BenchResult bench(String benchLine) throws IOException {
        return bench(benchLine, null);
    }

    /** Like {@link #bench(String)}, with lines for standard input (closed after they are sent). */
    BenchResult bench(String benchLine, String stdin) throws IOException {
        return exec("cd " + benchFolder + " && " + withExecutable(benchLine), stdin);
    }

    String withExecutable(String benchLine) {
        return benchLine.startsWith("bench ") ? benchExecutable + benchLine.substring("bench".length()) : benchLine;
    }

    /** Runs one exec command line as given, with an optional stdin (closed after it is sent). */
    BenchResult exec(String commandLine, String stdin) throws IOException {
        return exec(commandLine, stdin, TIMEOUT);
    }

    /** Like {@link #exec(String, String)}, giving up (and closing the channel) after {@code wait}. */
    BenchResult exec(String commandLine, String stdin, Duration wait) throws IOException {
        try (ChannelExec channel = session().createExecChannel(commandLine)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            channel.setOut(out);
            channel.setErr(err);
            if (stdin != null) {
                channel.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
            }
            channel.open().verify(TIMEOUT);
            channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), wait);
            return new BenchResult(
                    channel.getExitStatus(),
                    out.toString(StandardCharsets.UTF_8),
                    err.toString(StandardCharsets.UTF_8));
        }
    }

    /** One SSH session for many exec channels, like a connection pool of one; reopened after a drop. */
    private synchronized ClientSession session() throws IOException {
        if (session == null || !session.isOpen()) {
            session = client.connect(user, host, port).verify(TIMEOUT).getSession();
            session.addPublicKeyIdentity(key);
            session.auth().verify(TIMEOUT);
        }
        return session;
    }

    /** Creates a site and makes the web server route it, the way the provisioner does. */
    String readySite(boolean withErpnext) throws IOException {
        String site = newSiteName();
        BenchResult created = bench("bench new-site " + site + " --admin-password " + ADMIN_PASSWORD
                + (withErpnext ? " --install-app erpnext" : ""));
        if (created.exit() == null || created.exit() != 0) {
            throw new IllegalStateException("new-site failed: " + created);
        }
        BenchResult nginx = exec(
                "cd " + benchFolder + " && " + withExecutable("bench setup nginx --yes") + " && " + reloadCommand,
                null);
        if (nginx.exit() == null || nginx.exit() != 0) {
            throw new IllegalStateException("nginx setup failed: " + nginx);
        }
        return site;
    }

    static final String ADMIN_PASSWORD = "Adm1n-" + UUID.randomUUID().toString().substring(0, 8);

    /** Administrator's API key made over SSH (generate_keys, then the api_key), as the provisioner does. */
    ApiKeys administratorKeys(String site) throws IOException {
        String secret = KEYS_JSON
                .readTree(bench("bench --site " + site
                                + " execute frappe.core.doctype.user.user.generate_keys --args \"['Administrator']\"")
                        .out())
                .get("api_secret")
                .asText();
        String key = KEYS_JSON.readValue(
                bench("bench --site " + site
                                + " execute frappe.db.get_value --args \"['User','Administrator','api_key']\"")
                        .out(),
                String.class);
        return new ApiKeys(key, secret);
    }

    private static final ObjectMapper KEYS_JSON = new ObjectMapper();

    /** A site's API key and secret, and the {@code Authorization: token key:secret} header they make. */
    record ApiKeys(String apiKey, String apiSecret) {
        Map<String, String> token() {
            return token(apiSecret);
        }

        Map<String, String> token(String secret) {
            return Map.of("Authorization", "token " + apiKey + ":" + secret);
        }
    }

    HttpClient http() {
        return http;
    }

    String httpUrl() {
        return httpUrl;
    }

    HttpResponse<String> get(String site, String path, Map<String, String> headers) throws IOException {
        return send(site, "GET", path, null, null, headers);
    }

    HttpResponse<String> post(String site, String path, String contentType, String body, Map<String, String> headers)
            throws IOException {
        return send(site, "POST", path, contentType, body, headers);
    }

    HttpResponse<String> put(String site, String path, String contentType, String body, Map<String, String> headers)
            throws IOException {
        return send(site, "PUT", path, contentType, body, headers);
    }

    private HttpResponse<String> send(
            String site, String method, String path, String contentType, String body, Map<String, String> headers)
            throws IOException {
        // The site by its name as Host, as nginx routes it (needs jdk.httpclient.allowRestrictedHeaders=host).
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(httpUrl + path))
                .timeout(TIMEOUT)
                .header("Host", site)
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        headers.forEach(request::header);
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    @Override
    public void close() {
        try {
            client.stop();
        } finally {
            if (simulator != null) {
                simulator.close();
            }
        }
    }

    /** Key type names SSHD's KeyUtils takes. */
    static final class KeyPairProviderNames {
        static final String ECDSA_P256 = org.apache.sshd.common.keyprovider.KeyPairProvider.ECDSA_SHA2_NISTP256;

        private KeyPairProviderNames() {}
    }
}
