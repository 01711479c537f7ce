package io.benchline.provisioner.ssh;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.sshd.client.keyverifier.KnownHostsServerKeyVerifier;
import org.apache.sshd.client.keyverifier.RejectAllServerKeyVerifier;
import org.apache.sshd.client.keyverifier.RequiredServerKeyVerifier;
import org.apache.sshd.client.keyverifier.ServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.apache.sshd.common.util.net.SshdSocketAddress;

/**
 * The one server-key verifier of the shared SSH client: it hands each connection to the verifier of the bench host
 * it was opened for (a known_hosts file, or a pinned key) and rejects any address it was not told about. An unknown
 * host, or a known host with a changed key, is refused; nothing is ever added to a known_hosts file.
 */
final class HostKeyVerification implements ServerKeyVerifier {

    private final Map<String, ServerKeyVerifier> byAddress = new ConcurrentHashMap<>();
    private final Map<String, Boolean> lastRejected = new ConcurrentHashMap<>();

    void register(SshEndpoint endpoint) {
        byAddress.computeIfAbsent(endpoint.address(), address -> verifierFor(endpoint));
    }

    /** Whether the last key this address presented was refused, to tell a key problem from a network one. */
    boolean rejected(SshEndpoint endpoint) {
        return lastRejected.getOrDefault(endpoint.address(), false);
    }

    @Override
    public boolean verifyServerKey(ClientSession session, SocketAddress remoteAddress, PublicKey serverKey) {
        String address = addressOf(session.getConnectAddress());
        ServerKeyVerifier delegate = byAddress.get(address);
        boolean accepted = delegate != null && delegate.verifyServerKey(session, remoteAddress, serverKey);
        lastRejected.put(address, !accepted);
        return accepted;
    }

    private static String addressOf(SocketAddress address) {
        if (address instanceof SshdSocketAddress sshd) {
            return sshd.getHostName() + ":" + sshd.getPort();
        }
        if (address instanceof InetSocketAddress inet) {
            return inet.getHostString() + ":" + inet.getPort();
        }
        return String.valueOf(address);
    }

    private static ServerKeyVerifier verifierFor(SshEndpoint endpoint) {
        if (endpoint.knownHostsFile() != null) {
            // RejectAll as the delegate: a host missing from the file is refused, never learned.
            return new KnownHostsServerKeyVerifier(RejectAllServerKeyVerifier.INSTANCE, endpoint.knownHostsFile());
        }
        return new RequiredServerKeyVerifier(pinnedKey(endpoint));
    }

    private static PublicKey pinnedKey(SshEndpoint endpoint) {
        try {
            return PublicKeyEntry.parsePublicKeyEntry(endpoint.pinnedHostKey().trim())
                    .resolvePublicKey(null, Map.of(), PublicKeyEntryResolver.FAILING);
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "pinned-host-key of bench host " + endpoint.hostId() + " is not an OpenSSH public key", e);
        }
    }
}
