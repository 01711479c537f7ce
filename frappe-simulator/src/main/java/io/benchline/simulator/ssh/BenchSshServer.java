package io.benchline.simulator.ssh;

import io.benchline.simulator.shell.ShellInterpreter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.List;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.auth.pubkey.PublickeyAuthenticator;
import org.apache.sshd.server.config.keys.AuthorizedKeysAuthenticator;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;

/**
 * The bench host's SSH daemon: public-key login for the bench user only, exec channels only (no shell,
 * no subsystems), and a host key that survives restarts when a file is given.
 */
public final class BenchSshServer implements AutoCloseable {

    private final SshServer sshd;
    private final PublicKey hostKey;

    private BenchSshServer(SshServer sshd, PublicKey hostKey) {
        this.sshd = sshd;
        this.hostKey = hostKey;
    }

    public static BenchSshServer start(SshSettings settings, ShellInterpreter shell, CommandJournal journal) {
        SshServer sshd = SshServer.setUpDefaultServer();
        sshd.setHost(settings.bindAddress());
        sshd.setPort(settings.port());
        // Replies are small; without this each one waits for the client's delayed ACK (~40 ms per command).
        CoreModuleProperties.TCP_NODELAY.set(sshd, true);
        SimpleGeneratorHostKeyProvider hostKeys = new SimpleGeneratorHostKeyProvider(settings.hostKeyFile());
        hostKeys.setAlgorithm(SecurityUtils.EDDSA);
        hostKeys.setKeySize(256);
        sshd.setKeyPairProvider(hostKeys);
        sshd.setPublickeyAuthenticator(authenticator(settings));
        sshd.setPasswordAuthenticator(null);
        sshd.setKeyboardInteractiveAuthenticator(null);
        sshd.setGSSAuthenticator(null);
        sshd.setShellFactory(null);
        sshd.setSubsystemFactories(List.of());
        sshd.setCommandFactory((channel, commandLine) -> new ExecCommand(commandLine, shell, journal));
        try {
            sshd.start();
            KeyPair key = hostKeys.loadKeys(null).iterator().next();
            return new BenchSshServer(sshd, key.getPublic());
        } catch (IOException e) {
            throw new UncheckedIOException(new IOException("SSH server did not start", e));
        }
    }

    private static PublickeyAuthenticator authenticator(SshSettings settings) {
        PublickeyAuthenticator fromFile =
                settings.authorizedKeys() == null ? null : new AuthorizedKeysAuthenticator(settings.authorizedKeys());
        return (username, key, session) -> {
            if (!settings.loginUser().equals(username)) {
                return false;
            }
            for (PublicKey allowed : settings.authorizedKeyList()) {
                if (KeyUtils.compareKeys(allowed, key)) {
                    return true;
                }
            }
            return fromFile != null && fromFile.authenticate(username, key, session);
        };
    }

    public int port() {
        return sshd.getPort();
    }

    public PublicKey hostKey() {
        return hostKey;
    }

    /** Hangs up every session, which interrupts the commands still running. */
    @Override
    public void close() {
        try {
            sshd.stop(true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
