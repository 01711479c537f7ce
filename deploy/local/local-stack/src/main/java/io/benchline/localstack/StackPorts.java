package io.benchline.localstack;

import io.benchline.platform.ports.FreePorts;

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

    /**
     * Free ports for tests and {@code --free-ports}, so a stack runs beside a developer's own: below the kernel's
     * ephemeral range, where no outgoing connection or {@code bind(0)} takes them before the services bind them.
     */
    public static StackPorts free() {
        int[] p = FreePorts.take(12);
        return new StackPorts(p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8], p[9], p[10], p[11]);
    }
}
