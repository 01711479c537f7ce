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
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SecretSealerTests {

    private static final String PASSWORD = "correct horse battery staple 42!";

    private final SecretSealer passwords =
            new SecretSealer(SecretPurpose.CUSTOMER_PASSWORD, Keysets.aeadFromJson(Keysets.generateJson(), "test"));
    private final UUID tenant = UUID.randomUUID();
    private final SealingContext context = new SealingContext(tenant, "acme.erp.example.com");

    @Test
    void opensWhatItSealed() {
        SealedSecret sealed = passwords.seal(context, SealedField.PASSWORD, Secret.of(PASSWORD));

        assertThat(sealed.getPurpose()).isEqualTo(SecretPurpose.CUSTOMER_PASSWORD);
        assertThat(passwords.open(context, SealedField.PASSWORD, sealed).reveal())
                .isEqualTo(PASSWORD);
    }

    /**
     * The associated data is {@code benchline:<PURPOSE>:tenant:<tenantId>:site:<siteHost>:<field wire name>}: a
     * ciphertext sealed by anything that follows this documented format opens, and ours opens under it.
     */
    @ParameterizedTest
    @CsvSource({"API_KEY, apiKey", "API_SECRET, apiSecret", "PASSWORD, password", "LOGIN_KEY, loginKey"})
    void associatedDataBindsPurposeTenantSiteHostAndField(SealedField field, String sealedAs) throws Exception {
        Aead aead = Keysets.aeadFromJson(Keysets.generateJson(), "test");
        SecretSealer sealer = new SecretSealer(SecretPurpose.SITE_CREDENTIALS, aead);
        byte[] associatedData = ("benchline:SITE_CREDENTIALS:tenant:" + tenant + ":site:acme.erp.example.com:"
                        + sealedAs)
                .getBytes(StandardCharsets.UTF_8);
        SealedSecret sealedElsewhere = SealedSecret.newBuilder()
                .setPurpose(SecretPurpose.SITE_CREDENTIALS)
                .setCiphertext(ByteBuffer.wrap(aead.encrypt(PASSWORD.getBytes(StandardCharsets.UTF_8), associatedData)))
                .build();

        assertThat(sealer.open(context, field, sealedElsewhere).reveal()).isEqualTo(PASSWORD);
        byte[] sealedNow =
                sealer.seal(context, field, Secret.of(PASSWORD)).getCiphertext().array();
        assertThat(aead.decrypt(sealedNow, associatedData)).isEqualTo(PASSWORD.getBytes(StandardCharsets.UTF_8));
        assertThat(field.wireName()).isEqualTo(sealedAs);
    }

    /** Accepted consequence of binding the site: what was sealed under the earlier format no longer opens. */
    @Test
    void ciphertextSealedBeforeTheSiteWasBoundDoesNotOpen() throws Exception {
        Aead aead = Keysets.aeadFromJson(Keysets.generateJson(), "test");
        SecretSealer sealer = new SecretSealer(SecretPurpose.SITE_CREDENTIALS, aead);
        byte[] earlierFormat = ("benchline:SITE_CREDENTIALS:" + tenant + ":apiKey").getBytes(StandardCharsets.UTF_8);
        SealedSecret sealedBefore = SealedSecret.newBuilder()
                .setPurpose(SecretPurpose.SITE_CREDENTIALS)
                .setCiphertext(ByteBuffer.wrap(aead.encrypt(PASSWORD.getBytes(StandardCharsets.UTF_8), earlierFormat)))
                .build();

        assertThatThrownBy(() -> sealer.open(context, SealedField.API_KEY, sealedBefore))
                .isInstanceOf(SealingException.class);
    }

    @Test
    void ciphertextMovedToAnotherTenantOfTheSameSiteDoesNotOpen() {
        SealedSecret sealed = passwords.seal(context, SealedField.PASSWORD, Secret.of(PASSWORD));
        SealingContext otherTenant = new SealingContext(UUID.randomUUID(), context.siteHost());

        assertThatThrownBy(() -> passwords.open(otherTenant, SealedField.PASSWORD, sealed))
                .isInstanceOf(SealingException.class)
                .hasMessageContaining("another tenant, site or field")
                .hasMessageNotContaining(PASSWORD);
    }

    @Test
    void ciphertextMovedToAnotherSiteOfTheSameTenantDoesNotOpen() {
        SealedSecret sealed = passwords.seal(context, SealedField.PASSWORD, Secret.of(PASSWORD));

        for (String otherSite : List.of("evil.erp.example.com", "acme.evil.example", "acme.erp.example.co")) {
            assertThatThrownBy(
                            () -> passwords.open(new SealingContext(tenant, otherSite), SealedField.PASSWORD, sealed))
                    .as(otherSite)
                    .isInstanceOf(SealingException.class)
                    .hasMessageNotContaining(PASSWORD);
        }
    }

    @Test
    void siteHostIsComparedInLowerCase() {
        SealedSecret sealed = passwords.seal(context, SealedField.PASSWORD, Secret.of(PASSWORD));

        assertThat(passwords
                        .open(new SealingContext(tenant, "ACME.Erp.Example.COM"), SealedField.PASSWORD, sealed)
                        .reveal())
                .isEqualTo(PASSWORD);
    }

    @Test
    void siteHostMustBeADnsName() {
        for (String notAHost : List.of("", "acme.example.com:443", "https://acme.example.com", "a:b", "acme..com")) {
            assertThatThrownBy(() -> new SealingContext(tenant, notAHost))
                    .as(notAHost)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void ciphertextOfAnotherFieldDoesNotOpen() {
        SealedSecret sealed = passwords.seal(context, SealedField.API_KEY, Secret.of(PASSWORD));

        assertThatThrownBy(() -> passwords.open(context, SealedField.API_SECRET, sealed))
                .isInstanceOf(SealingException.class);
    }

    @Test
    void anotherKeysetOfTheSamePurposeCannotOpen() {
        SealedSecret sealed = passwords.seal(context, SealedField.PASSWORD, Secret.of(PASSWORD));
        SecretSealer otherKeyset =
                new SecretSealer(SecretPurpose.CUSTOMER_PASSWORD, Keysets.aeadFromJson(Keysets.generateJson(), "x"));

        assertThatThrownBy(() -> otherKeyset.open(context, SealedField.PASSWORD, sealed))
                .isInstanceOf(SealingException.class);
    }

    @Test
    void sealerOfAnotherPurposeRefusesBeforeTrying() {
        SealedSecret sealed = passwords.seal(context, SealedField.PASSWORD, Secret.of(PASSWORD));
        SecretSealer siteCredentials =
                new SecretSealer(SecretPurpose.SITE_CREDENTIALS, Keysets.aeadFromJson(Keysets.generateJson(), "x"));

        assertThatThrownBy(() -> siteCredentials.open(context, SealedField.PASSWORD, sealed))
                .isInstanceOf(SealingException.class)
                .hasMessageContaining("sealed for CUSTOMER_PASSWORD");
    }

    @Test
    void serializedEventDoesNotContainThePlainText() {
        Signup signup = SampleEvents.signup("acme");
        signup.setPassword(passwords.seal(context, SealedField.PASSWORD, Secret.of(PASSWORD)));
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
