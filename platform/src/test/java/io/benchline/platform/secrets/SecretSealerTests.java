package io.benchline.platform.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.Aead;
import io.benchline.events.SealedSecret;
import io.benchline.events.SecretPurpose;
import io.benchline.events.Signup;
import io.benchline.events.TenantRequested;
import io.benchline.schemas.AvroEventSerializer;
import io.benchline.schemas.SampleEvents;
import io.benchline.schemas.Topic;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SecretSealerTests {

    private static final String PASSWORD = "correct horse battery staple 42!";

    private final SecretSealer passwords =
            new SecretSealer(SecretPurpose.CUSTOMER_PASSWORD, Keysets.aeadFromJson(Keysets.generateJson(), "test"));
    private final UUID tenant = UUID.randomUUID();

    @Test
    void opensWhatItSealed() {
        SealedSecret sealed = passwords.seal(tenant, SealedField.PASSWORD, Secret.of(PASSWORD));

        assertThat(sealed.getPurpose()).isEqualTo(SecretPurpose.CUSTOMER_PASSWORD);
        assertThat(passwords.open(tenant, SealedField.PASSWORD, sealed).reveal())
                .isEqualTo(PASSWORD);
    }

    /**
     * Ciphertexts sealed before {@link SealedField} bound the field as a plain string into the associated data;
     * every one of them must still open, and a sealed field must still be the same bytes under its old name.
     */
    @ParameterizedTest
    @CsvSource({"API_KEY, apiKey", "API_SECRET, apiSecret", "PASSWORD, password"})
    void associatedDataOfEachFieldIsUnchanged(SealedField field, String sealedAs) throws Exception {
        Aead aead = Keysets.aeadFromJson(Keysets.generateJson(), "test");
        SecretSealer sealer = new SecretSealer(SecretPurpose.SITE_CREDENTIALS, aead);
        byte[] oldAssociatedData =
                ("benchline:SITE_CREDENTIALS:" + tenant + ":" + sealedAs).getBytes(StandardCharsets.UTF_8);
        SealedSecret sealedBefore = SealedSecret.newBuilder()
                .setPurpose(SecretPurpose.SITE_CREDENTIALS)
                .setCiphertext(
                        ByteBuffer.wrap(aead.encrypt(PASSWORD.getBytes(StandardCharsets.UTF_8), oldAssociatedData)))
                .build();

        assertThat(sealer.open(tenant, field, sealedBefore).reveal()).isEqualTo(PASSWORD);
        byte[] sealedNow =
                sealer.seal(tenant, field, Secret.of(PASSWORD)).getCiphertext().array();
        assertThat(aead.decrypt(sealedNow, oldAssociatedData)).isEqualTo(PASSWORD.getBytes(StandardCharsets.UTF_8));
        assertThat(field.wireName()).isEqualTo(sealedAs);
    }

    @Test
    void ciphertextOfAnotherTenantDoesNotOpen() {
        SealedSecret sealed = passwords.seal(tenant, SealedField.PASSWORD, Secret.of(PASSWORD));

        assertThatThrownBy(() -> passwords.open(UUID.randomUUID(), SealedField.PASSWORD, sealed))
                .isInstanceOf(SealingException.class)
                .hasMessageNotContaining(PASSWORD);
    }

    @Test
    void ciphertextOfAnotherFieldDoesNotOpen() {
        SealedSecret sealed = passwords.seal(tenant, SealedField.API_KEY, Secret.of(PASSWORD));

        assertThatThrownBy(() -> passwords.open(tenant, SealedField.API_SECRET, sealed))
                .isInstanceOf(SealingException.class);
    }

    @Test
    void anotherKeysetOfTheSamePurposeCannotOpen() {
        SealedSecret sealed = passwords.seal(tenant, SealedField.PASSWORD, Secret.of(PASSWORD));
        SecretSealer otherKeyset =
                new SecretSealer(SecretPurpose.CUSTOMER_PASSWORD, Keysets.aeadFromJson(Keysets.generateJson(), "x"));

        assertThatThrownBy(() -> otherKeyset.open(tenant, SealedField.PASSWORD, sealed))
                .isInstanceOf(SealingException.class);
    }

    @Test
    void sealerOfAnotherPurposeRefusesBeforeTrying() {
        SealedSecret sealed = passwords.seal(tenant, SealedField.PASSWORD, Secret.of(PASSWORD));
        SecretSealer siteCredentials =
                new SecretSealer(SecretPurpose.SITE_CREDENTIALS, Keysets.aeadFromJson(Keysets.generateJson(), "x"));

        assertThatThrownBy(() -> siteCredentials.open(tenant, SealedField.PASSWORD, sealed))
                .isInstanceOf(SealingException.class)
                .hasMessageContaining("sealed for CUSTOMER_PASSWORD");
    }

    @Test
    void serializedEventDoesNotContainThePlainText() {
        Signup signup = SampleEvents.signup("acme");
        signup.setPassword(passwords.seal(tenant, SealedField.PASSWORD, Secret.of(PASSWORD)));
        TenantRequested event = SampleEvents.tenantRequested(tenant);
        event.setSignup(signup);

        byte[] bytes = new AvroEventSerializer("/test").serialize(Topic.TENANT_REQUESTED.topicName(), event);

        assertThat(new String(bytes, StandardCharsets.ISO_8859_1)).doesNotContain(PASSWORD);
        assertThat(new String(bytes, StandardCharsets.ISO_8859_1)).contains("jane@acme.example");
    }

    @Test
    void secretNeverShowsItsValueWhenPrinted() {
        Secret secret = Secret.of(PASSWORD);

        assertThat(secret.toString()).doesNotContain(PASSWORD);
        assertThat(String.valueOf(java.util.List.of(secret))).doesNotContain(PASSWORD);
    }

    @Test
    void invalidKeysetIsRejectedWithoutEchoingIt() {
        String notAKeyset = "{\"primaryKeyId\": 1, \"key\": \"super-secret-material\"}";

        assertThatThrownBy(() -> Keysets.aeadFromJson(notAKeyset, "BENCHLINE_TEST_ENV"))
                .isInstanceOf(SealingException.class)
                .hasMessageContaining("BENCHLINE_TEST_ENV")
                .hasMessageNotContaining("super-secret-material");
    }
}
