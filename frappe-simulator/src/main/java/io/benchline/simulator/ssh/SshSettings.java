package io.benchline.simulator.ssh;

import java.nio.file.Path;
import java.security.PublicKey;
import java.util.List;

/**
 * @param authorizedKeys an OpenSSH authorized_keys file, or null
 * @param hostKeyFile where the host key is kept across restarts, or null for a key held in memory
 */
public record SshSettings(
        String bindAddress,
        int port,
        String loginUser,
        Path authorizedKeys,
        List<PublicKey> authorizedKeyList,
        Path hostKeyFile) {

    public SshSettings {
        authorizedKeyList = List.copyOf(authorizedKeyList);
    }
}
