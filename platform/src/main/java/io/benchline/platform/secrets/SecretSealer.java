package io.benchline.platform.secrets;

import com.google.crypto.tink.Aead;
import io.benchline.events.SealedSecret;
import io.benchline.events.SecretPurpose;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.UUID;

/**
 * Seals and opens the secrets of one {@link SecretPurpose} with that purpose's keyset. The associated data names
 * the purpose, the tenant and the field, so a ciphertext copied to another tenant or field does not open.
 */
public final class SecretSealer {

    private final SecretPurpose purpose;
    private final Aead aead;

    public SecretSealer(SecretPurpose purpose, Aead aead) {
        this.purpose = purpose;
        this.aead = aead;
    }

    public SecretPurpose purpose() {
        return purpose;
    }

    public SealedSecret seal(UUID tenantId, SealedField field, Secret secret) {
        try {
            byte[] ciphertext =
                    aead.encrypt(secret.reveal().getBytes(StandardCharsets.UTF_8), associatedData(tenantId, field));
            return SealedSecret.newBuilder()
                    .setPurpose(purpose)
                    .setCiphertext(ByteBuffer.wrap(ciphertext))
                    .build();
        } catch (GeneralSecurityException e) {
            throw new SealingException("cannot seal " + field + " of tenant " + tenantId, e);
        }
    }

    public Secret open(UUID tenantId, SealedField field, SealedSecret sealed) {
        if (sealed.getPurpose() != purpose) {
            throw new SealingException(field + " of tenant " + tenantId + " was sealed for " + sealed.getPurpose()
                    + ", this keyset is for " + purpose);
        }
        ByteBuffer buffer = sealed.getCiphertext().duplicate();
        byte[] ciphertext = new byte[buffer.remaining()];
        buffer.get(ciphertext);
        try {
            return Secret.of(
                    new String(aead.decrypt(ciphertext, associatedData(tenantId, field)), StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            // Tink's message says nothing about the plaintext; ours names only where the ciphertext came from.
            throw new SealingException(
                    "cannot open " + field + " of tenant " + tenantId + ": wrong keyset, tenant or field", e);
        }
    }

    private byte[] associatedData(UUID tenantId, SealedField field) {
        return ("benchline:" + purpose + ":" + tenantId + ":" + field.wireName()).getBytes(StandardCharsets.UTF_8);
    }
}
