/**
 * Runs command lines on bench hosts over SSH (Apache SSHD): key authentication, verified host keys, one reused
 * session per host, standard input written and closed, a timeout per command and a reconnect after a dropped
 * connection. No SSHD type leaves it.
 */
package io.benchline.provisioner.ssh;
