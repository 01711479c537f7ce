package io.benchline.provisioner;

import io.benchline.events.Signup;
import io.benchline.events.TenantRequested;
import io.benchline.platform.kafka.EventPublisher;
import io.benchline.schemas.SampleEvents;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** TenantRequested events as signup-service writes them, with a deadline in the future. */
final class Requests {

    private Requests() {}

    static TenantRequested forSubdomain(String subdomain) {
        return forSubdomain(UUID.randomUUID(), subdomain);
    }

    static TenantRequested forSubdomain(UUID tenantId, String subdomain) {
        Instant now = Instant.now();
        return TenantRequested.newBuilder()
                .setEventId(UUID.randomUUID())
                .setTenantId(tenantId)
                .setOccurredAt(now)
                .setSignup(Signup.newBuilder(SampleEvents.signup(subdomain))
                        .setRequestedAt(now)
                        .setDeadlineAt(now.plus(Duration.ofMinutes(10)))
                        .build())
                .build();
    }

    /** A unique, valid subdomain so tests on the shared broker never meet each other's sites. */
    static String subdomain(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static void send(RunningProvisioner provisioner, TenantRequested request) {
        try {
            provisioner.bean(EventPublisher.class).publish(request).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
