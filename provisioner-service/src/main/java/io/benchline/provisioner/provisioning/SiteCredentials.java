package io.benchline.provisioner.provisioning;

import io.benchline.events.SecretPurpose;
import io.benchline.platform.secrets.SealedField;
import io.benchline.platform.secrets.Secret;
import io.benchline.platform.secrets.SecretSealer;
import io.benchline.platform.secrets.SecretSealers;
import java.util.UUID;

/** Seals a new site's API key and secret for the ledger and opens them again for the warm-up. */
public final class SiteCredentials {

    private final SecretSealer sealer;

    public SiteCredentials(SecretSealers sealers) {
        this.sealer = sealers.forPurpose(SecretPurpose.SITE_CREDENTIALS);
    }

    LedgerEntry.StoredCredentials seal(UUID tenantId, Secret apiKey, Secret apiSecret) {
        return LedgerEntry.StoredCredentials.of(
                sealer.seal(tenantId, SealedField.API_KEY, apiKey),
                sealer.seal(tenantId, SealedField.API_SECRET, apiSecret));
    }

    Secret apiKey(UUID tenantId, LedgerEntry.StoredCredentials stored) {
        return sealer.open(tenantId, SealedField.API_KEY, stored.sealedApiKey());
    }

    Secret apiSecret(UUID tenantId, LedgerEntry.StoredCredentials stored) {
        return sealer.open(tenantId, SealedField.API_SECRET, stored.sealedApiSecret());
    }
}
