package io.benchline.localstack;

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
 * Where each piece of the stack listens; the defaults are the documented local ports. signup-service serves its API
 * on {@code signup} and actuator only on {@code signupManagement}; the other services serve actuator on their port.
 * {@code smtp} and {@code imap} are GreenMail's, used only with {@code --verify-email}. {@code operator} is
 * operator-service's: the operator API under {@code /ops} and its actuator on one port, never the public one.
 */
public record StackPorts(
        int kafka,
        int kafkaController,
        int signup,
        int provisioner,
        int verifier,
        int user,
        int ssh,
        int http,
        int signupManagement,
        int smtp,
        int imap,
        int operator) {

    /** The lowest port {@link #free()} picks: above the documented local ports and the usual developer servers. */
    private static final int LOWEST_FREE = 15000;
    /** Where Linux starts handing out ports for {@code bind(0)} and outgoing connections. */
    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    /** Every port {@link #free()} has handed out in this JVM: one test's stack never gets an earlier one's port. */
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    public static StackPorts defaults() {
        return new StackPorts(9092, 9093, 8080, 8081, 8082, 8083, 2222, 8000, 9080, 3025, 3143, 8090);
    }

    /**
     * Free ports for tests and {@code --free-ports}, so a stack runs beside a developer's own. They are picked below
     * the kernel's ephemeral range, not asked of the OS: a port the OS hands out for {@code bind(0)} is in that range,
     * where in the seconds before a service binds it the OS may give it to anyone else — an outgoing connection, or
     * podman publishing a container's port (the container test runs beside the stack's tests in the build). Below the
     * range only an explicit bind competes. Each port is checked by binding it, all held together so they differ.
     */
    public static StackPorts free() {
        int end = ephemeralRangeStart();
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (int tries = 0; held.size() < 12; tries++) {
                if (tries == 10_000) {
                    throw new IllegalStateException("no 12 free ports between " + LOWEST_FREE + " and " + end);
                }
                int port = ThreadLocalRandom.current().nextInt(LOWEST_FREE, end);
                if (HANDED_OUT.add(port)) {
                    bindIfFree(port).ifPresent(held::add);
                }
            }
            int[] p = held.stream().mapToInt(ServerSocket::getLocalPort).toArray();
            return new StackPorts(p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8], p[9], p[10], p[11]);
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
            return Optional.of(new ServerSocket(port)); // every address, as the services listen
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
            if (start < LOWEST_FREE + 1000) {
                throw new IllegalStateException("the ephemeral port range starts at " + start + " (" + EPHEMERAL_RANGE
                        + "); free ports are picked between " + LOWEST_FREE + " and its start, so raise it");
            }
            return start;
        } catch (IOException notLinux) {
            return 32768;
        }
    }
}
