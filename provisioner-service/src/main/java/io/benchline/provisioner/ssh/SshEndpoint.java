package io.benchline.provisioner.ssh;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How to reach one bench host: address, login user, the private key to authenticate with, and how its host key is
 * verified, either a known_hosts file or a pinned public key in OpenSSH format ({@code ssh-ed25519 AAAA...}).
 */
public record SshEndpoint(
        String hostId,
        String host,
        int port,
        String user,
        Path privateKeyFile,
        Path knownHostsFile,
        String pinnedHostKey) {

    public SshEndpoint {
        Objects.requireNonNull(hostId, "hostId");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(privateKeyFile, "privateKeyFile");
        boolean pinned = pinnedHostKey != null && !pinnedHostKey.isBlank();
        if ((knownHostsFile != null) == pinned) {
            throw new IllegalArgumentException(
                    "bench host " + hostId + " needs exactly one of known-hosts-file and pinned-host-key");
        }
    }

    String address() {
        return host + ":" + port;
    }
}
