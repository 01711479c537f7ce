package io.benchline.platform.secrets;

import com.google.crypto.tink.Aead;
import io.benchline.events.SealedSecret;
import io.benchline.events.SecretPurpose;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;

/**
 * Seals and opens the secrets of one {@link SecretPurpose} with that purpose's keyset. The associated data binds
 * each ciphertext to the purpose, the tenant, the customer-facing host of its site and the field:
 *
 * <pre>benchline:&lt;PURPOSE&gt;:tenant:&lt;tenantId&gt;:site:&lt;siteHost&gt;:&lt;field wire name&gt;</pre>
 *
 * e.g. {@code benchline:SITE_CREDENTIALS:tenant:0b9e…:site:acme.erp.example.com:apiKey}. A ciphertext copied to
 * another tenant's event, to another site's event or to another field does not open. Ciphertexts sealed before
 * the site was bound ({@code benchline:<PURPOSE>:<tenantId>:<field>}) no longer open.
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

    public SealedSecret seal(SealingContext context, SealedField field, Secret secret) {
        try {
            byte[] ciphertext =
                    aead.encrypt(secret.reveal().getBytes(StandardCharsets.UTF_8), associatedData(context, field));
            return SealedSecret.newBuilder()
                    .setPurpose(purpose)
                    .setCiphertext(ByteBuffer.wrap(ciphertext))
                    .build();
        } catch (GeneralSecurityException e) {
            throw new SealingException("cannot seal " + field + " of " + describe(context), e);
        }
    }

    public Secret open(SealingContext context, SealedField field, SealedSecret sealed) {
        if (sealed.getPurpose() != purpose) {
            throw new SealingException(field + " of " + describe(context) + " was sealed for " + sealed.getPurpose()
                    + ", this keyset is for " + purpose);
        }
        ByteBuffer buffer = sealed.getCiphertext().duplicate();
        byte[] ciphertext = new byte[buffer.remaining()];
        buffer.get(ciphertext);
        try {
            return Secret.of(
                    new String(aead.decrypt(ciphertext, associatedData(context, field)), StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            // Tink's message says nothing about the plaintext; ours names only where the ciphertext came from.
            throw new SealingException(
                    "cannot open " + field + " of " + describe(context)
                            + ": wrong keyset, or sealed for another tenant, site or field",
                    e);
        }
    }

    private byte[] associatedData(SealingContext context, SealedField field) {
        return ("benchline:" + purpose + ":" + context.associatedDataPart() + ":" + field.wireName())
                .getBytes(StandardCharsets.UTF_8);
    }

    private static String describe(SealingContext context) {
        return "tenant " + context.tenantId() + " (site " + context.siteHost() + ")";
    }
}
