package io.benchline.provisioner.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.benchline.simulator.fixture.SimulatedBenchHost;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.cipher.BuiltinCiphers;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.kex.BuiltinDHFactories;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.mac.BuiltinMacs;
import org.apache.sshd.common.signature.BuiltinSignatures;
import org.apache.sshd.server.ServerBuilder;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.auth.pubkey.KeySetPublickeyAuthenticator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The SSH client speaks only modern algorithms: a real SSHD server offering only legacy ones (SHA-1 key exchange,
 * ssh-rsa signatures, CBC, hmac-sha1) is refused at key exchange with a clear reason, before authentication; the
 * simulated bench host (SSHD defaults) is still reached.
 */
class SshAlgorithmsTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    static Path folder;

    static SimulatedBenchHost bench;
    static KeyPair rsaHostKey;

    @BeforeAll
    static void start() throws Exception {
        bench = SimulatedBenchHost.start(folder.resolve("bench"));
        rsaHostKey = KeyUtils.generateKeyPair(KeyPairProvider.SSH_RSA, 2048);
    }

    @AfterAll
    static void stop() {
        bench.close();
    }

    /** Which part of the server's offer is legacy; everything else it offers is modern. */
    enum Legacy {
        ALL,
        KEY_EXCHANGE,
        HOST_KEY_SIGNATURE,
        CIPHER
    }

    @ParameterizedTest
    @EnumSource(Legacy.class)
    void refusesAServerOfferingOnlyLegacyAlgorithms(Legacy legacy) throws Exception {
        AtomicInteger authentications = new AtomicInteger();
        try (SshServer server = server(legacy, authentications);
                SshCommandRunner runner = new SshCommandRunner(TIMEOUT)) {
            SshEndpoint endpoint = new SshEndpoint(
                    "legacy-1",
                    "127.0.0.1",
                    server.getPort(),
                    "frappe",
                    bench.privateKey,
                    null,
                    PublicKeyEntry.toString(rsaHostKey.getPublic()));

            assertThatThrownBy(() -> runner.run(endpoint, "bench --version", TIMEOUT))
                    .isInstanceOfSatisfying(RemoteCommandException.class, e -> {
                        assertThat(e.kind()).isEqualTo(RemoteCommandException.Kind.ALGORITHMS_REFUSED);
                        assertThat(e.kind().isTransient()).isFalse();
                        assertThat(e.getMessage())
                                .contains("legacy-1")
                                .contains("no SSH algorithm")
                                .contains(legacy == Legacy.CIPHER ? "aes128-cbc" : "");
                    });
            assertThat(authentications).hasValue(0);
        }
    }

    @Test
    void offersNoLegacyAlgorithm() {
        List<String> offered = List.of(
                NamedResource.getNames(SshAlgorithms.KEY_EXCHANGES),
                NamedResource.getNames(SshAlgorithms.SIGNATURES),
                NamedResource.getNames(SshAlgorithms.CIPHERS),
                NamedResource.getNames(SshAlgorithms.MACS));
        assertThat(String.join(",", offered))
                .doesNotContain("sha1")
                .doesNotContain("cbc")
                .doesNotContain("ssh-rsa,")
                .doesNotContainPattern("(^|,)ssh-rsa(,|$)")
                .doesNotContain("diffie-hellman-group");
        assertThat(NamedResource.getNameList(SshAlgorithms.MACS)).allMatch(mac -> mac.endsWith("-etm@openssh.com"));
    }

    @Test
    void stillReachesTheSimulatedBenchHost() {
        try (SshCommandRunner runner = new SshCommandRunner(TIMEOUT)) {
            SshEndpoint endpoint = new SshEndpoint(
                    "bench-1",
                    bench.simulator.host(),
                    bench.simulator.sshPort(),
                    "frappe",
                    bench.privateKey,
                    null,
                    PublicKeyEntry.toString(bench.simulator.hostKey()));
            assertThat(runner.run(endpoint, "bench --site nosuch.localhost list-apps", TIMEOUT)
                            .output())
                    .contains("Site nosuch.localhost does not exist!");
        }
    }

    private static SshServer server(Legacy legacy, AtomicInteger authentications) throws Exception {
        SshServer server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(0);
        server.setKeyPairProvider(KeyPairProvider.wrap(rsaHostKey));
        var keys = new KeySetPublickeyAuthenticator(
                "bench", List.of(bench.clientKey().getPublic()));
        server.setPublickeyAuthenticator((user, key, session) -> {
            authentications.incrementAndGet();
            return keys.authenticate(user, key, session);
        });
        server.setPasswordAuthenticator(null);
        server.setKeyboardInteractiveAuthenticator(null);
        boolean all = legacy == Legacy.ALL;
        server.setKeyExchangeFactories(NamedFactory.setUpTransformedFactories(
                false,
                all || legacy == Legacy.KEY_EXCHANGE
                        ? List.of(BuiltinDHFactories.dhg14, BuiltinDHFactories.dhg1)
                        : List.of(BuiltinDHFactories.curve25519),
                ServerBuilder.DH2KEX));
        server.setSignatureFactories(new java.util.ArrayList<>(
                all || legacy == Legacy.HOST_KEY_SIGNATURE
                        ? List.of(BuiltinSignatures.rsa)
                        : List.of(BuiltinSignatures.rsaSHA256, BuiltinSignatures.ed25519)));
        server.setCipherFactories(new java.util.ArrayList<>(
                all || legacy == Legacy.CIPHER
                        ? List.of(BuiltinCiphers.aes128cbc, BuiltinCiphers.tripledescbc)
                        : List.of(BuiltinCiphers.aes128gcm)));
        server.setMacFactories(new java.util.ArrayList<>(
                all ? List.of(BuiltinMacs.hmacsha1) : List.of(BuiltinMacs.hmacsha1, BuiltinMacs.hmacsha256etm)));
        server.start();
        return server;
    }
}
