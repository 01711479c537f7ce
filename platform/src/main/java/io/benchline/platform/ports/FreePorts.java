package io.benchline.platform.ports;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports that are free now and stay free until a server binds them seconds later, for servers that must be told
 * their port before they start (a second actuator port, a Kafka broker that restarts on its own, a whole local stack).
 *
 * <p>They are picked below the kernel's ephemeral range, not asked of the OS: a port the OS hands out for
 * {@code bind(0)} is in that range, where in the seconds before the server binds it the OS may give it to anyone
 * else — an outgoing connection (every Kafka client opens several), another test's {@code bind(0)}, or podman
 * publishing a container's port (the container test runs beside other modules' tests in the build). Below the range
 * only an explicit bind competes. Each port is checked by binding it, all of one call held together so they differ,
 * and no port is handed out twice in a JVM.
 */
public final class FreePorts {

    /** The lowest port picked: above the documented local ports and the usual developer servers. */
    static final int LOWEST = 15000;
    /** Where Linux starts handing out ports for {@code bind(0)} and outgoing connections. */
    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");

    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private FreePorts() {}

    /** One free port. */
    public static int take() {
        return take(1)[0];
    }

    /** {@code count} distinct free ports. */
    public static int[] take(int count) {
        int end = ephemeralRangeStart();
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (int tries = 0; held.size() < count; tries++) {
                if (tries == 10_000) {
                    throw new IllegalStateException("no " + count + " free ports between " + LOWEST + " and " + end);
                }
                int port = ThreadLocalRandom.current().nextInt(LOWEST, end);
                if (HANDED_OUT.add(port)) {
                    bindIfFree(port).ifPresent(held::add);
                }
            }
            return held.stream().mapToInt(ServerSocket::getLocalPort).toArray();
        } finally {
            for (ServerSocket socket : held) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing a listening socket we own; the port is free either way
                }
            }
        }
    }

    private static Optional<ServerSocket> bindIfFree(int port) {
        try {
            return Optional.of(new ServerSocket(port)); // every address, as the servers listen
        } catch (IOException taken) {
            return Optional.empty();
        }
    }

    /**
     * Linux's configured start, else 32768 (Linux's default; other systems start higher). Read line-wise: a sysctl
     * file answers only a read from its start, so {@code Files.readString}'s one-byte first read gets "3".
     */
    private static int ephemeralRangeStart() {
        try {
            int start = Integer.parseInt(
                    Files.readAllLines(EPHEMERAL_RANGE).get(0).trim().split("\\s+")[0]);
            if (start < LOWEST + 1000) {
                throw new IllegalStateException("the ephemeral port range starts at " + start + " (" + EPHEMERAL_RANGE
                        + "); free ports are picked between " + LOWEST + " and its start, so raise it");
            }
            return start;
        } catch (IOException notLinux) {
            return 32768;
        }
    }
}
