package io.benchline.schemas;

import io.benchline.events.Backup;
import io.benchline.events.BackupFile;
import io.benchline.events.DeletionReason;
import io.benchline.events.FailureReason;
import io.benchline.events.FailureStage;
import io.benchline.events.KeysActive;
import io.benchline.events.Plan;
import io.benchline.events.ProvisioningFailed;
import io.benchline.events.ProvisioningProgressed;
import io.benchline.events.ProvisioningStep;
import io.benchline.events.SealedSecret;
import io.benchline.events.SecretPurpose;
import io.benchline.events.Signup;
import io.benchline.events.SignupCompleted;
import io.benchline.events.Site;
import io.benchline.events.SiteProvisioned;
import io.benchline.events.StageDurations;
import io.benchline.events.StepPhase;
import io.benchline.events.SuspensionReason;
import io.benchline.events.TenantActivated;
import io.benchline.events.TenantDeleted;
import io.benchline.events.TenantPlanChanged;
import io.benchline.events.TenantRequested;
import io.benchline.events.TenantResumed;
import io.benchline.events.TenantSuspended;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;

/**
 * Complete, realistic events for tests, one factory per event type. The sealed fields hold opaque bytes: tests
 * that need real ciphertext seal with the platform's sealers.
 */
public final class SampleEvents {

    public static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

    private SampleEvents() {}

    public static List<SpecificRecord> oneOfEach(UUID tenantId) {
        return List.of(
                tenantRequested(tenantId),
                provisioningProgressed(tenantId),
                siteProvisioned(tenantId),
                keysActive(tenantId),
                provisioningFailed(tenantId),
                signupCompleted(tenantId));
    }

    public static SealedSecret sealed(SecretPurpose purpose, String opaque) {
        return SealedSecret.newBuilder()
                .setPurpose(purpose)
                .setCiphertext(ByteBuffer.wrap(opaque.getBytes()))
                .build();
    }

    public static Signup signup(String subdomain) {
        return Signup.newBuilder()
                .setOrganization("Acme Trading Ltd")
                .setSubdomain(subdomain)
                .setSiteName(subdomain + ".localhost")
                .setSiteUrl("http://" + subdomain + ".localhost:8000")
                .setEmail("jane@acme.example")
                .setFirstName("Jane")
                .setLastName("Doe")
                .setPassword(sealed(SecretPurpose.CUSTOMER_PASSWORD, "sealed-password"))
                .setPlan(Plan.PRO)
                .setCountry("DE")
                .setTimezone("Europe/Berlin")
                .setCurrency("EUR")
                .setRequestedAt(NOW)
                .setDeadlineAt(NOW.plus(30, ChronoUnit.MINUTES))
                .build();
    }

    public static Site site(String subdomain) {
        return Site.newBuilder()
                .setSiteName(subdomain + ".localhost")
                .setSiteUrl("http://" + subdomain + ".localhost:8000")
                .setBenchHost("bench-1")
                .setApiKey(sealed(SecretPurpose.SITE_CREDENTIALS, "sealed-key"))
                .setApiSecret(sealed(SecretPurpose.SITE_CREDENTIALS, "sealed-secret"))
                .setProvisionedAt(NOW.plusSeconds(120))
                .build();
    }

    public static TenantRequested tenantRequested(UUID tenantId) {
        return TenantRequested.newBuilder()
                .setEventId(UUID.randomUUID())
                .setTenantId(tenantId)
                .setOccurredAt(NOW)
                .setSignup(signup("acme"))
                .build();
    }

    public static ProvisioningProgressed provisioningProgressed(UUID tenantId) {
        return ProvisioningProgressed.newBuilder()
                .setEventId(UUID.randomUUID())
                .setTenantId(tenantId)
                .setOccurredAt(NOW.plusSeconds(1))
                .setStep(ProvisioningStep.CREATE_SITE)
                .setPhase(StepPhase.STARTED)
                .setBenchHost("bench-1")
                .setMessage("Creating the site on bench-1")
                .build();
    }

    public static SiteProvisioned siteProvisioned(UUID tenantId) {
        return SiteProvisioned.newBuilder()
                .setEventId(UUID.randomUUID())
                .setTenantId(tenantId)
                .setOccurredAt(NOW.plusSeconds(120))
                .setSignup(signup("acme"))
                .setSite(site("acme"))
                .build();
    }

    public static KeysActive keysActive(UUID tenantId) {
        return KeysActive.newBuilder()
                .setEventId(UUID.randomUUID())
                .setTenantId(tenantId)
                .setOccurredAt(NOW.plusSeconds(121))
                .setSignup(signup("acme"))
                .setSite(site("acme"))
                .setAttempts(2)
                .setActivationMillis(850)
                .build();
    }

    public static ProvisioningFailed provisioningFailed(UUID tenantId) {
        return ProvisioningFailed.newBuilder()
                .setEventId(UUID.randomUUID())
                .setTenantId(tenantId)
                .setOccurredAt(NOW.plusSeconds(60))
                .setStage(FailureStage.PROVISION)
                .setReason(FailureReason.BENCH_COMMAND_FAILED)
                .setMessage("bench new-site failed on bench-1 (exit 1)")
                .setRetryable(true)
                .setSubdomain("acme")
                .build();
    }

    public static SignupCompleted signupCompleted(UUID tenantId) {
        return SignupCompleted.newBuilder()
                .setEventId(UUID.randomUUID())
                .setTenantId(tenantId)
                .setOccurredAt(NOW.plusSeconds(122))
                .setOrganization("Acme Trading Ltd")
                .setSubdomain("acme")
                .setSiteUrl("http://acme.localhost:8000")
                .setDashboardUrl("http://acme.localhost:8000/app")
                .setAdminEmail("jane@acme.example")
                .setPlan(Plan.PRO)
                .setDurations(StageDurations.newBuilder()
                        .setProvisionMillis(120_000)
                        .setVerifyMillis(1_000)
                        .setUserMillis(1_000)
                        .setTotalMillis(122_000)
                        .build())
                .build();
    }

    /** One of each event on tenant.lifecycle, in the order a tenant's life would write them. */
    public static List<SpecificRecord> lifecycleEvents(UUID tenantId) {
        return List.of(
                TenantActivated.newBuilder()
                        .setEventId(UUID.randomUUID())
                        .setTenantId(tenantId)
                        .setOccurredAt(NOW.plusSeconds(130))
                        .setOrganization("Acme Trading Ltd")
                        .setSubdomain("acme")
                        .setSiteUrl("http://acme.localhost:8000")
                        .setAdminEmail("jane@acme.example")
                        .setPlan(Plan.FREE)
                        .setTrialEndsAt(NOW.plus(14, ChronoUnit.DAYS))
                        .setBenchHost("local")
                        .build(),
                TenantPlanChanged.newBuilder()
                        .setEventId(UUID.randomUUID())
                        .setTenantId(tenantId)
                        .setOccurredAt(NOW.plusSeconds(140))
                        .setFromPlan(Plan.FREE)
                        .setToPlan(Plan.PRO)
                        .setOperator("local-operator")
                        .build(),
                TenantSuspended.newBuilder()
                        .setEventId(UUID.randomUUID())
                        .setTenantId(tenantId)
                        .setOccurredAt(NOW.plusSeconds(150))
                        .setReason(SuspensionReason.NON_PAYMENT)
                        .build(),
                TenantResumed.newBuilder()
                        .setEventId(UUID.randomUUID())
                        .setTenantId(tenantId)
                        .setOccurredAt(NOW.plusSeconds(160))
                        .build(),
                TenantDeleted.newBuilder()
                        .setEventId(UUID.randomUUID())
                        .setTenantId(tenantId)
                        .setOccurredAt(NOW.plusSeconds(170))
                        .setReason(DeletionReason.DEPROVISIONED)
                        .setSubdomain("acme")
                        .setBackup(Backup.newBuilder()
                                .setBenchHost("local")
                                .setLocation("/home/frappe/frappe-bench/archived/backups/acme.localhost/op")
                                .setFiles(List.of(BackupFile.newBuilder()
                                        .setKind("database")
                                        .setPath(
                                                "/home/frappe/frappe-bench/archived/backups/acme.localhost/op/db.sql.gz")
                                        .setSizeBytes(1234)
                                        .setSha256("0".repeat(64))
                                        .build()))
                                .setTotalBytes(1234)
                                .setTakenAt(NOW.plusSeconds(165))
                                .build())
                        .build());
    }
}
