package io.benchline.devbroker;

import java.util.List;

/**
 * Where the client listener binds and which host it advertises. The controller listener always stays on loopback:
 * only the broker itself talks to its controller.
 *
 * @param bindAddress the address the client listener binds ({@code 0.0.0.0} in a container, so other containers
 *     reach it)
 * @param advertisedHost the host clients are told to connect to (in a container: the name other containers resolve
 *     it by)
 */
public record Listener(String bindAddress, String advertisedHost) {

    /** The default: bound to and advertised as 127.0.0.1, reachable from this machine only. */
    public static final Listener LOOPBACK = new Listener("127.0.0.1", "127.0.0.1");

    public Listener {
        if (bindAddress == null || bindAddress.isBlank() || advertisedHost == null || advertisedHost.isBlank()) {
            throw new IllegalArgumentException("a listener needs a bind address and an advertised host");
        }
    }

    /** Names the broker certificate must carry besides localhost and 127.0.0.1 so that TLS clients accept it. */
    List<String> extraCertificateNames() {
        return List.of("localhost", "127.0.0.1").contains(advertisedHost) ? List.of() : List.of(advertisedHost);
    }
}
