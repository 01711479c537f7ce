/**
 * The bench host doctor: checks the host preconditions of frappe-facts.md on every configured host over the
 * provisioner's own SSH session, at start and periodically, keeps failing hosts out of the pool, and reports them
 * in health, metrics and logs; {@link io.benchline.provisioner.hosts.checks.HostCheckCommand} runs the same checks
 * from a shell for an operator preparing a host.
 */
package io.benchline.provisioner.hosts.checks;
