package io.benchline.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

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

    public static StackPorts defaults() {
        return new StackPorts(9092, 9093, 8080, 8081, 8082, 8083, 2222, 8000, 9080, 3025, 3143, 8090);
    }

    /** Free ports picked by the OS, for tests that run next to a developer's own stack. */
    public static StackPorts free() {
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (int i = 0; i < 12; i++) {
                held.add(new ServerSocket(0)); // held open together, so the ports differ
            }
            int[] p = held.stream().mapToInt(ServerSocket::getLocalPort).toArray();
            return new StackPorts(p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8], p[9], p[10], p[11]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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
}
