package io.benchline.provisioner.provisioning;

import io.benchline.platform.secrets.Secret;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The temporary Administrator password of each running tenant, in memory only: it is never stored or emitted, so
 * after a restart it is lost and the warm-up sets a new one first.
 */
final class AdminPasswords {

    private final PasswordGenerator generator = new PasswordGenerator();
    private final Map<UUID, Secret> current = new ConcurrentHashMap<>();

    /** A fresh password for the tenant, replacing any earlier one. */
    Secret issue(UUID tenantId) {
        Secret password = generator.next();
        current.put(tenantId, password);
        return password;
    }

    Optional<Secret> current(UUID tenantId) {
        return Optional.ofNullable(current.get(tenantId));
    }

    void forget(UUID tenantId) {
        current.remove(tenantId);
    }
}
