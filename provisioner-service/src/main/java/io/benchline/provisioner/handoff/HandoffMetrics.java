package io.benchline.provisioner.handoff;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code benchline.login.keys{outcome}} (issued, refused before any command, failed on the host) and
 * {@code benchline.tenants.removed{reason}}. Tags never hold a tenant, an email or a key.
 */
public final class HandoffMetrics {

    private final MeterRegistry registry;

    public HandoffMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (String outcome : new String[] {"issued", "refused", "failed"}) {
            loginKeys(outcome);
        }
        tenantsRemoved(TenantRemoval.EMAIL_NOT_VERIFIED);
        tenantsRemoved(TenantRemoval.FAILED);
    }

    void loginKey(String outcome) {
        loginKeys(outcome).increment();
    }

    void tenantRemoved(String reason) {
        tenantsRemoved(reason).increment();
    }

    private Counter loginKeys(String outcome) {
        return Counter.builder("benchline.login.keys")
                .description("LoginKeyRequested answered, by outcome")
                .tag("outcome", outcome)
                .register(registry);
    }

    private Counter tenantsRemoved(String reason) {
        return Counter.builder("benchline.tenants.removed")
                .description("Tenants whose site the provisioner dropped, by reason")
                .tag("reason", reason)
                .register(registry);
    }
}
