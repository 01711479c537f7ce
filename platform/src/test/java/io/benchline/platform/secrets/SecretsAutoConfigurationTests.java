package io.benchline.platform.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.benchline.events.SecretPurpose;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class SecretsAutoConfigurationTests {

    private final ApplicationContextRunner runner =
            new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(SecretsAutoConfiguration.class));

    @Test
    void loadsKeysetsFromFileAndFromJsonAndOpensOnlyThosePurposes(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("site-credentials.json");
        Files.writeString(file, Keysets.generateJson());
        String passwordKeysetJson = Keysets.generateJson();

        runner.withPropertyValues(
                        "benchline.secrets.keysets.site-credentials.file=" + file,
                        "benchline.secrets.keysets.customer-password.json=" + passwordKeysetJson)
                .run(context -> {
                    SecretSealers sealers = context.getBean(SecretSealers.class);
                    SealingContext tenant = new SealingContext(UUID.randomUUID(), "acme.erp.example.com");
                    var sealer = sealers.forPurpose(SecretPurpose.SITE_CREDENTIALS);
                    assertThat(sealer.open(
                                            tenant,
                                            SealedField.API_KEY,
                                            sealer.seal(tenant, SealedField.API_KEY, Secret.of("k")))
                                    .reveal())
                            .isEqualTo("k");
                    assertThat(sealers.holds(SecretPurpose.CUSTOMER_PASSWORD)).isTrue();
                });
    }

    @Test
    void serviceWithoutThePasswordKeysetCannotOpenPasswords(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("site-credentials.json");
        Files.writeString(file, Keysets.generateJson());

        runner.withPropertyValues("benchline.secrets.keysets.site-credentials.file=" + file)
                .run(context -> {
                    SecretSealers sealers = context.getBean(SecretSealers.class);
                    assertThat(sealers.holds(SecretPurpose.CUSTOMER_PASSWORD)).isFalse();
                    assertThatThrownBy(() -> sealers.forPurpose(SecretPurpose.CUSTOMER_PASSWORD))
                            .isInstanceOf(SealingException.class)
                            .hasMessageContaining("no keyset for CUSTOMER_PASSWORD");
                });
    }

    @Test
    void refusesToStartWithABrokenKeyset() {
        runner.withPropertyValues("benchline.secrets.keysets.customer-password.json={\"not\":\"a keyset\"}")
                .run(context -> assertThat(context)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("not a valid Tink AEAD keyset")
                        .hasMessageNotContaining("a keyset\""));
    }
}
