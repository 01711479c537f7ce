package io.benchline.provisioner.provisioning;

import io.benchline.events.SecretPurpose;
import io.benchline.events.Signup;
import io.benchline.platform.secrets.SealedField;
import io.benchline.platform.secrets.SealingContext;
import io.benchline.platform.secrets.Secret;
import io.benchline.platform.secrets.SecretSealer;
import io.benchline.platform.secrets.SecretSealers;
import io.benchline.platform.sites.SiteAddress;
import io.benchline.platform.sites.SiteAddressPolicy;
import io.benchline.platform.sites.UntrustedSiteAddress;
import java.util.Collection;
import java.util.Optional;
import java.util.UUID;

/**
 * Where a new site's API key and secret may go and how they rest: the request's {@code siteUrl} must pass the
 * platform's {@link SiteAddressPolicy} (it is emitted in SiteProvisioned, is the warm-up's URL when the host
 * configures none, and its host is bound into the ciphertexts); the key and secret are sealed for the ledger for
 * the tenant and that host, and opened again for the warm-up.
 */
public final class SiteCredentials {

    private final SecretSealer sealer;
    private final SiteAddressPolicy sites;

    public SiteCredentials(SecretSealers sealers, SiteAddressPolicy sites) {
        this.sealer = sealers.forPurpose(SecretPurpose.SITE_CREDENTIALS);
        this.sites = sites;
    }

    /**
     * Refuses to start when a bench host builds sites under a domain whose sites could never receive their
     * credentials: every one of its tenants would fail INVALID_REQUEST.
     */
    public void requireAllowed(Collection<String> hostSiteDomains) {
        sites.requireDomains("provisioner-service");
        for (String domain : hostSiteDomains) {
            if (!sites.domains().contains(domain)) {
                throw new IllegalStateException("a bench host's site-domain " + domain
                        + " is not in benchline.sites.domains " + sites.domains()
                        + ": credentials of its sites could never be sent; add it");
            }
        }
    }

    /** Why the request's site URL is not the tenant's site, if it is not. */
    Optional<String> untrusted(Signup signup) {
        try {
            siteOf(signup);
            return Optional.empty();
        } catch (UntrustedSiteAddress e) {
            return Optional.of(e.getMessage());
        }
    }

    /** The request's site, checked; throws {@link UntrustedSiteAddress} when it is not the tenant's. */
    SiteAddress siteOf(Signup signup) {
        return sites.check(signup.getSubdomain(), signup.getSiteUrl());
    }

    LedgerEntry.StoredCredentials seal(UUID tenantId, SiteAddress site, Secret apiKey, Secret apiSecret) {
        SealingContext context = new SealingContext(tenantId, site.host());
        return LedgerEntry.StoredCredentials.of(
                sealer.seal(context, SealedField.API_KEY, apiKey),
                sealer.seal(context, SealedField.API_SECRET, apiSecret));
    }

    Secret apiKey(UUID tenantId, SiteAddress site, LedgerEntry.StoredCredentials stored) {
        return sealer.open(new SealingContext(tenantId, site.host()), SealedField.API_KEY, stored.sealedApiKey());
    }

    Secret apiSecret(UUID tenantId, SiteAddress site, LedgerEntry.StoredCredentials stored) {
        return sealer.open(new SealingContext(tenantId, site.host()), SealedField.API_SECRET, stored.sealedApiSecret());
    }
}
