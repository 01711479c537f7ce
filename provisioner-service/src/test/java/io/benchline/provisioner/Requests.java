package io.benchline.provisioner;

import io.benchline.events.SecretPurpose;
import io.benchline.events.Signup;
import io.benchline.events.Site;
import io.benchline.events.TenantRequested;
import io.benchline.platform.kafka.EventPublisher;
import io.benchline.platform.secrets.SealedField;
import io.benchline.platform.secrets.SealingContext;
import io.benchline.platform.secrets.SecretSealer;
import io.benchline.platform.secrets.SecretSealers;
import io.benchline.platform.secrets.SecretsProperties;
import io.benchline.schemas.SampleEvents;
import io.benchline.testing.SiteKeys;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.RecordMetadata;

/** TenantRequested events as signup-service writes them, with a deadline in the future. */
final class Requests {

    private Requests() {}

    static TenantRequested forSubdomain(String subdomain) {
        return forSubdomain(UUID.randomUUID(), subdomain);
    }

    static TenantRequested forSubdomain(UUID tenantId, String subdomain) {
        Instant now = Instant.now();
        // Set on the sample itself, not copied through Signup.newBuilder(other): Avro's deep copy looks the nested
        // SealedSecret class up by name, which its class validator refuses in a JVM that has not loaded it yet
        // (CrashRecoveryTests failed whenever it was the first class of its test JVM).
        Signup signup = SampleEvents.signup(subdomain);
        signup.setRequestedAt(now);
        signup.setDeadlineAt(now.plus(Duration.ofMinutes(10)));
        return TenantRequested.newBuilder()
                .setEventId(UUID.randomUUID())
                .setTenantId(tenantId)
                .setOccurredAt(now)
                .setSignup(signup)
                .build();
    }

    /**
     * Opens the credentials of {@code site} sealed with {@code siteCredentialsKeyset}, for {@link SiteKeys}: for the
     * tenant and the host of the site's URL, as the verifier opens them.
     */
    static SiteKeys.Opener opener(String siteCredentialsKeyset, Site site) {
        String siteHost = URI.create(site.getSiteUrl()).getHost();
        SecretSealer sealer = new SecretSealers(new SecretsProperties(Map.of(
                        SecretPurpose.SITE_CREDENTIALS,
                        new SecretsProperties.KeysetSource(null, siteCredentialsKeyset))))
                .forPurpose(SecretPurpose.SITE_CREDENTIALS);
        return (tenant, field, ciphertext) -> sealer.open(
                        new SealingContext(tenant, siteHost), SealedField.valueOf(field), ciphertext)
                .reveal();
    }

    /** A unique, valid subdomain so tests on the shared broker never meet each other's sites. */
    static String subdomain(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Publishes {@code request} as signup-service does; returns where it was written. */
    static RecordMetadata send(RunningProvisioner provisioner, TenantRequested request) {
        try {
            return provisioner
                    .bean(EventPublisher.class)
                    .publish(request)
                    .get(30, TimeUnit.SECONDS)
                    .getRecordMetadata();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
