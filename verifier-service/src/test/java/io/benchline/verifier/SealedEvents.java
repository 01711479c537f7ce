package io.benchline.verifier;

import io.benchline.events.Signup;
import io.benchline.events.Site;
import io.benchline.events.SiteProvisioned;
import io.benchline.platform.secrets.SealedField;
import io.benchline.platform.secrets.SealingContext;
import io.benchline.platform.secrets.Secret;
import io.benchline.platform.secrets.SecretSealer;
import io.benchline.schemas.SampleEvents;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/** Events as the provisioner sends them, for tests and benchmarks that drive the verifier without a provisioner. */
public final class SealedEvents {

    private SealedEvents() {}

    /**
     * A SiteProvisioned of {@code tenant} for the site named {@code host} at {@code url}, with key "key" and secret
     * "secret" sealed for that site and a deadline 30 minutes ahead.
     */
    public static SiteProvisioned siteProvisioned(SecretSealer sealer, UUID tenant, String host, String url) {
        Instant now = Instant.now();
        String subdomain = host.substring(0, host.indexOf('.'));
        SealingContext context = new SealingContext(tenant, host);
        return SiteProvisioned.newBuilder(SampleEvents.siteProvisioned(tenant))
                .setOccurredAt(now)
                .setSignup(Signup.newBuilder(SampleEvents.signup(subdomain))
                        .setSiteUrl(url)
                        .setRequestedAt(now)
                        .setDeadlineAt(now.plus(Duration.ofMinutes(30)))
                        .build())
                .setSite(Site.newBuilder(SampleEvents.site(subdomain))
                        .setSiteUrl(url)
                        .setApiKey(sealer.seal(context, SealedField.API_KEY, Secret.of("key")))
                        .setApiSecret(sealer.seal(context, SealedField.API_SECRET, Secret.of("secret")))
                        .setProvisionedAt(now)
                        .build())
                .build();
    }
}
