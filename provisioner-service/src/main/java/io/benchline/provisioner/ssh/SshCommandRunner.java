package io.benchline.provisioner.ssh;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.auth.password.PasswordIdentityProvider;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.keyprovider.FileKeyPairProvider;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.apache.sshd.core.CoreModuleProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs command lines on bench hosts: one SSH client for all hosts, one authenticated session per host that many
 * exec channels share, a timeout per command, and a fresh session when the previous one was dropped. Command lines
 * are never logged: some carry a temporary password.
 */
public final class SshCommandRunner implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SshCommandRunner.class);

    private final SshClient client;
    private final HostKeyVerification hostKeys = new HostKeyVerification();
    private final Duration connectTimeout;
    private final Map<String, HostSession> sessions = new ConcurrentHashMap<>();

    public SshCommandRunner(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
        this.client = SshClient.setUpDefaultClient();
        client.setServerKeyVerifier(hostKeys);
        SshAlgorithms.restrict(client);
        // Only the identities we add per host; never ~/.ssh/config or the default key files.
        client.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY);
        client.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER);
        client.setPasswordIdentityProvider(PasswordIdentityProvider.EMPTY_PASSWORDS_PROVIDER);
        // Small request/response exchanges: without TCP_NODELAY, Nagle + delayed ACKs add ~40 ms per round trip.
        CoreModuleProperties.TCP_NODELAY.set(client, true);
        client.start();
    }

    /** Opens (or reuses) the host's session, proving the host is reachable and trusted. */
    public void connect(SshEndpoint endpoint) {
        session(endpoint).current();
    }

    /**
     * Runs one command line with nothing on its standard input (closed at once, so a prompt meets end of input
     * instead of waiting for the timeout) and waits for it to exit, at most {@code timeout}.
     */
    public CommandResult run(SshEndpoint endpoint, String commandLine, Duration timeout) {
        return run(endpoint, commandLine, "", timeout);
    }

    /**
     * Runs one command line, writes {@code stdin} to its standard input and closes it, then waits for it to exit, at
     * most {@code timeout}. On a timeout the channel is closed and {@link RemoteCommandException.Kind#TIMED_OUT} is
     * thrown; the remote command gets NO hang-up (no PTY), so long commands must bound themselves on the host.
     * Secrets belong on stdin, never on the command line: the host's process list shows command lines to all.
     */
    public CommandResult run(SshEndpoint endpoint, String commandLine, String stdin, Duration timeout) {
        return session(endpoint).exec(commandLine, stdin, timeout);
    }

    /** Whether a session to the host is open right now (no network traffic). */
    public boolean isConnected(SshEndpoint endpoint) {
        HostSession s = sessions.get(endpoint.hostId());
        return s != null && s.isOpen();
    }

    @Override
    public void close() {
        sessions.values().forEach(HostSession::close);
        client.stop();
    }

    private HostSession session(SshEndpoint endpoint) {
        return sessions.computeIfAbsent(endpoint.hostId(), id -> {
            hostKeys.register(endpoint);
            return new HostSession(endpoint, loadIdentity(endpoint));
        });
    }

    private static KeyPair loadIdentity(SshEndpoint endpoint) {
        try {
            Iterator<KeyPair> keys = new FileKeyPairProvider(endpoint.privateKeyFile())
                    .loadKeys(null)
                    .iterator();
            if (!keys.hasNext()) {
                throw new IllegalArgumentException("no key in " + endpoint.privateKeyFile());
            }
            return keys.next();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "cannot read the private key of bench host " + endpoint.hostId() + " from "
                            + endpoint.privateKeyFile(),
                    e);
        }
    }

    /** The reusable session of one host. */
    private final class HostSession {
        private final SshEndpoint endpoint;
        private final KeyPair identity;
        private ClientSession session;

        HostSession(SshEndpoint endpoint, KeyPair identity) {
            this.endpoint = endpoint;
            this.identity = identity;
        }

        synchronized boolean isOpen() {
            return session != null && session.isOpen() && !session.isClosing();
        }

        synchronized ClientSession current() {
            if (!isOpen()) {
                closeQuietly();
                session = open();
            }
            return session;
        }

        synchronized void discard(ClientSession stale) {
            if (session == stale) {
                closeQuietly();
            }
        }

        synchronized void close() {
            closeQuietly();
        }

        private void closeQuietly() {
            if (session != null) {
                session.close(true);
                session = null;
            }
        }

        private ClientSession open() {
            ClientSession opened = null;
            try {
                opened = client.connect(endpoint.user(), endpoint.host(), endpoint.port())
                        .verify(connectTimeout)
                        .getSession();
                opened.addPublicKeyIdentity(identity);
                opened.auth().verify(connectTimeout);
                log.info("SSH session to bench host {} ({}) opened", endpoint.hostId(), endpoint.address());
                return opened;
            } catch (IOException | RuntimeException e) {
                if (opened != null) {
                    opened.close(true);
                }
                throw classifyConnectFailure(e);
            }
        }

        private RemoteCommandException classifyConnectFailure(Exception e) {
            if (hostKeys.rejected(endpoint)) {
                return new RemoteCommandException(
                        RemoteCommandException.Kind.HOST_KEY_REJECTED,
                        endpoint.hostId(),
                        "host key of bench host " + endpoint.hostId() + " (" + endpoint.address()
                                + ") is unknown or changed; refusing to connect",
                        e);
            }
            String negotiation = negotiationFailure(e);
            if (negotiation != null) {
                return new RemoteCommandException(
                        RemoteCommandException.Kind.ALGORITHMS_REFUSED,
                        endpoint.hostId(),
                        "bench host " + endpoint.hostId() + " (" + endpoint.address()
                                + ") offers no SSH algorithm this client accepts (legacy only: SHA-1, ssh-rsa, CBC?): "
                                + negotiation,
                        e);
            }
            String text = String.valueOf(e.getMessage());
            if (text.contains("No more authentication methods")) {
                return new RemoteCommandException(
                        RemoteCommandException.Kind.AUTHENTICATION_REJECTED,
                        endpoint.hostId(),
                        "bench host " + endpoint.hostId() + " (" + endpoint.address() + ") refused the key of user "
                                + endpoint.user(),
                        e);
            }
            return new RemoteCommandException(
                    RemoteCommandException.Kind.UNREACHABLE,
                    endpoint.hostId(),
                    "cannot reach bench host " + endpoint.hostId() + " (" + endpoint.address() + "): "
                            + e.getClass().getSimpleName(),
                    e);
        }

        /** SSHD's "Unable to negotiate key exchange for ... (client: ... / server: ...)", wherever it is in the chain. */
        private static String negotiationFailure(Throwable e) {
            for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
                String message = t.getMessage();
                if (message != null && message.contains("Unable to negotiate")) {
                    return message;
                }
            }
            return null;
        }

        CommandResult exec(String commandLine, String stdin, Duration timeout) {
            ClientSession s = current();
            ChannelExec channel;
            try {
                channel = openChannel(s, commandLine);
            } catch (IOException | RuntimeException e) {
                // The command never started, so trying once on a fresh session cannot run it twice.
                discard(s);
                s = current();
                try {
                    channel = openChannel(s, commandLine);
                } catch (IOException | RuntimeException again) {
                    discard(s);
                    throw dropped(again);
                }
            }
            writeInput(channel, stdin);
            return await(s, channel, timeout);
        }

        /** Writes the input lines and closes the stream, which sends EOF: a further prompt reads end of input. */
        private void writeInput(ChannelExec channel, String stdin) {
            try (OutputStream in = channel.getInvertedIn()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
                in.flush();
            } catch (IOException e) {
                // The command may already have exited without reading; its exit status still tells what happened.
                log.debug("standard input of a command on bench host {} not fully written: {}", endpoint.hostId(), e);
            }
        }

        private ChannelExec openChannel(ClientSession s, String commandLine) throws IOException {
            ChannelExec channel = s.createExecChannel(commandLine);
            channel.setOut(new ByteArrayOutputStream());
            channel.setErr(new ByteArrayOutputStream());
            try {
                channel.open().verify(connectTimeout);
            } catch (IOException | RuntimeException e) {
                channel.close(true);
                throw e;
            }
            return channel;
        }

        private CommandResult await(ClientSession s, ChannelExec channel, Duration timeout) {
            try {
                Set<ClientChannelEvent> events = waitForClose(channel, timeout);
                if (Thread.currentThread().isInterrupted()) {
                    throw new RemoteCommandException(
                            RemoteCommandException.Kind.CONNECTION_DROPPED,
                            endpoint.hostId(),
                            "command on bench host " + endpoint.hostId() + " was abandoned (shutting down)",
                            null);
                }
                if (events.contains(ClientChannelEvent.TIMEOUT)) {
                    throw new RemoteCommandException(
                            RemoteCommandException.Kind.TIMED_OUT,
                            endpoint.hostId(),
                            "command on bench host " + endpoint.hostId() + " did not finish within " + timeout,
                            null);
                }
                Integer exit = channel.getExitStatus();
                if (exit == null) {
                    discard(s);
                    throw dropped(null);
                }
                return new CommandResult(exit, text(channel.getOut()), text(channel.getErr()));
            } finally {
                channel.close(true);
            }
        }

        /**
         * Waits for the channel to close on a latch of our own, so an interrupt (shutdown, lost partition, a run an
         * operator's retry superseded) abandons the command at once: SSHD's {@code waitFor} swallows interrupts (it
         * catches InterruptedException and waits on), which cleared the flag before anyone could see it.
         */
        private Set<ClientChannelEvent> waitForClose(ChannelExec channel, Duration timeout) {
            CountDownLatch closed = new CountDownLatch(1);
            channel.addCloseFutureListener(future -> closed.countDown());
            try {
                return closed.await(timeout.toNanos(), TimeUnit.NANOSECONDS)
                        ? EnumSet.of(ClientChannelEvent.CLOSED)
                        : EnumSet.of(ClientChannelEvent.TIMEOUT);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return EnumSet.noneOf(ClientChannelEvent.class);
            }
        }

        private RemoteCommandException dropped(Throwable cause) {
            return new RemoteCommandException(
                    RemoteCommandException.Kind.CONNECTION_DROPPED,
                    endpoint.hostId(),
                    "connection to bench host " + endpoint.hostId() + " (" + endpoint.address()
                            + ") dropped before the command exited",
                    cause);
        }

        private static String text(OutputStream stream) {
            return ((ByteArrayOutputStream) stream).toString(StandardCharsets.UTF_8);
        }
    }
}
