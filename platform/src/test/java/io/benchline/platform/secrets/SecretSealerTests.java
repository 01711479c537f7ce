package io.benchline.platform.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.benchline.events.SealedSecret;
import io.benchline.events.SecretPurpose;
import io.benchline.events.Signup;
import io.benchline.events.TenantRequested;
import io.benchline.schemas.AvroEventSerializer;
import io.benchline.schemas.SampleEvents;
import io.benchline.schemas.Topic;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SecretSealerTests {

    private static final String PASSWORD = "correct horse battery staple 42!";

    private final SecretSealer passwords =
            new SecretSealer(SecretPurpose.CUSTOMER_PASSWORD, Keysets.aeadFromJson(Keysets.generateJson(), "test"));
    private final UUID tenant = UUID.randomUUID();

    @Test
    void opensWhatItSealed() {
        SealedSecret sealed = passwords.seal(tenant, "password", Secret.of(PASSWORD));

        assertThat(sealed.getPurpose()).isEqualTo(SecretPurpose.CUSTOMER_PASSWORD);
        assertThat(passwords.open(tenant, "password", sealed).reveal()).isEqualTo(PASSWORD);
    }

    @Test
    void ciphertextOfAnotherTenantDoesNotOpen() {
        SealedSecret sealed = passwords.seal(tenant, "password", Secret.of(PASSWORD));

        assertThatThrownBy(() -> passwords.open(UUID.randomUUID(), "password", sealed))
                .isInstanceOf(SealingException.class)
                .hasMessageNotContaining(PASSWORD);
    }

    @Test
    void ciphertextOfAnotherFieldDoesNotOpen() {
        SealedSecret sealed = passwords.seal(tenant, "apiKey", Secret.of(PASSWORD));

        assertThatThrownBy(() -> passwords.open(tenant, "apiSecret", sealed)).isInstanceOf(SealingException.class);
    }

    @Test
    void anotherKeysetOfTheSamePurposeCannotOpen() {
        SealedSecret sealed = passwords.seal(tenant, "password", Secret.of(PASSWORD));
        SecretSealer otherKeyset =
                new SecretSealer(SecretPurpose.CUSTOMER_PASSWORD, Keysets.aeadFromJson(Keysets.generateJson(), "x"));

        assertThatThrownBy(() -> otherKeyset.open(tenant, "password", sealed)).isInstanceOf(SealingException.class);
    }

    @Test
    void sealerOfAnotherPurposeRefusesBeforeTrying() {
        SealedSecret sealed = passwords.seal(tenant, "password", Secret.of(PASSWORD));
        SecretSealer siteCredentials =
                new SecretSealer(SecretPurpose.SITE_CREDENTIALS, Keysets.aeadFromJson(Keysets.generateJson(), "x"));

        assertThatThrownBy(() -> siteCredentials.open(tenant, "password", sealed))
                .isInstanceOf(SealingException.class)
                .hasMessageContaining("sealed for CUSTOMER_PASSWORD");
    }

    @Test
    void serializedEventDoesNotContainThePlainText() {
        Signup signup = SampleEvents.signup("acme");
        signup.setPassword(passwords.seal(tenant, "password", Secret.of(PASSWORD)));
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
