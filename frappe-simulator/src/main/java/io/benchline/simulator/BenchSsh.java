package io.benchline.simulator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.util.EnumSet;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.client.keyverifier.RequiredServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;

/**
 * For tests that play the provisioner's part on a simulator: runs shell lines over real SSH as the login user,
 * the simulator's host key pinned and only the given key offered, one session reused for every command.
 */
public final class BenchSsh implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final FrappeSimulator simulator;
    private final KeyPair identity;
    private final SshClient client;
    private ClientSession session;

    public BenchSsh(FrappeSimulator simulator, KeyPair identity) {
        this.simulator = simulator;
        this.identity = identity;
        this.client = SshClient.setUpDefaultClient();
        client.setServerKeyVerifier(new RequiredServerKeyVerifier(simulator.hostKey()));
        client.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY);
        client.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER);
        client.start();
    }

    /** Runs one line and returns its stdout; a non-zero exit is an {@link IllegalStateException} with both streams. */
    public String run(String command) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (ChannelExec channel = session().createExecChannel(command)) {
            channel.setOut(out);
            channel.setErr(err);
            channel.open().verify(TIMEOUT);
            channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), TIMEOUT);
            Integer exit = channel.getExitStatus();
            if (exit == null || exit != 0) {
                throw new IllegalStateException("'" + firstWords(command) + " …' exited " + exit + ": "
                        + out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8));
            }
            return out.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("ssh to the simulated bench failed", e);
        }
    }

    /** Names the command without the rest of its line, which may carry a password (new-site). */
    private static String firstWords(String command) {
        String[] words = command.strip().split("\\s+", 3);
        return words.length > 1 ? words[0] + " " + words[1] : words[0];
    }

    private synchronized ClientSession session() throws IOException {
        if (session == null || !session.isOpen()) {
            session = client.connect(simulator.loginUser(), simulator.host(), simulator.sshPort())
                    .verify(TIMEOUT)
                    .getSession();
            session.addPublicKeyIdentity(identity);
            session.auth().verify(TIMEOUT);
        }
        return session;
    }

    @Override
    public void close() {
        client.stop();
    }
}
