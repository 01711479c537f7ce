package io.benchline.provisioner.pool;

import io.benchline.events.SealedSecret;
import io.benchline.events.SecretPurpose;
import io.benchline.platform.secrets.SealedField;
import io.benchline.platform.secrets.SealingContext;
import io.benchline.platform.secrets.Secret;
import io.benchline.platform.secrets.SecretSealer;
import io.benchline.platform.secrets.SecretSealers;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * A standby's API key and secret rest sealed with the SITE_CREDENTIALS keyset, bound to the bench host AND the
 * standby: the context's tenant is a name-based UUID of {@code benchline:standby:<host>:<standby>} and its site host is
 * the standby's name, so the associated data reads {@code tenant:<uuid(host, standby)>:site:<standby>}. A ciphertext
 * moved to another standby, another host or any tenant's event does not open. (No schema change: the UUID carries
 * the host.) A claim re-seals nothing from here: the claimer generates a NEW secret and seals it for the tenant.
 */
final class StandbySealing {

    private final SecretSealer sealer;

    StandbySealing(SecretSealers sealers) {
        this.sealer = sealers.forPurpose(SecretPurpose.SITE_CREDENTIALS);
    }

    static SealingContext context(String host, String standby) {
        UUID owner =
                UUID.nameUUIDFromBytes(("benchline:standby:" + host + ":" + standby).getBytes(StandardCharsets.UTF_8));
        return new SealingContext(owner, standby);
    }

    byte[] seal(String host, String standby, SealedField field, Secret secret) {
        ByteBuffer buffer = sealer.seal(context(host, standby), field, secret)
                .getCiphertext()
                .duplicate();
        byte[] out = new byte[buffer.remaining()];
        buffer.get(out);
        return out;
    }

    Secret open(String host, String standby, SealedField field, byte[] ciphertext) {
        SealedSecret sealed = SealedSecret.newBuilder()
                .setPurpose(SecretPurpose.SITE_CREDENTIALS)
                .setCiphertext(ByteBuffer.wrap(ciphertext))
                .build();
        return sealer.open(context(host, standby), field, sealed);
    }
}
