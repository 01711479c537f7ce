package io.benchline.provisioner.provisioning;

/**
 * The leased host cannot run bench as configured, and nothing was built there for this tenant yet: the tenant goes
 * back to waiting for another host instead of failing, and never as SUBDOMAIN_TAKEN.
 */
final class HostUnfit extends RuntimeException {

    HostUnfit(String message) {
        super(message, null, false, false);
    }
}
