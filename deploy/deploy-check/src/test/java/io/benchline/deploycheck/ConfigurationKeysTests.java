package io.benchline.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchline.deploycheck.DeployedSettings.Setting;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code benchline.*} key and {@code BENCHLINE_*} variable deploy/ sets is one the service it configures
 * binds, as the configuration processor's metadata of that service (and the platform) says: a misspelt key would
 * otherwise be ignored in silence and the default used.
 */
class ConfigurationKeysTests {

    private static final Map<String, ConfigurationMetadata> METADATA = metadata();

    @Test
    void everyBenchlineKeyDeploySetsIsBoundByTheServiceItConfigures() {
        List<Setting> settings = DeployedSettings.all();
        assertThat(problems(settings)).isEmpty();
        // Guards the reading itself: every service is configured by compose, Kubernetes and the local stack.
        for (String service : ServiceClasses.SERVICES) {
            for (String source : List.of("deploy/compose/", "deploy/k8s/", "deploy/local/")) {
                assertThat(settings)
                        .as("%s settings of %s", source, service)
                        .anyMatch(s -> s.service().equals(service) && s.setIn().startsWith(source));
            }
        }
        assertThat(settings).anyMatch(Setting::environmentVariable);
    }

    @Test
    void reportsAMisspeltKeyInACopyOfAComposeFile(@TempDir Path dir) throws IOException {
        String original = Repository.read(Repository.path("deploy/compose/config/provisioner-service.yml"));
        assertThat(original).contains("    hosts:\n");
        Path copy = Files.writeString(
                dir.resolve("provisioner-service.yml"), original.replace("    hosts:\n", "    hostz:\n"));

        List<String> problems = problems(DeployedSettings.inYaml("provisioner-service", copy));

        assertThat(problems)
                .isNotEmpty()
                .allMatch(p -> p.contains("benchline.provisioner.hostz["))
                .anyMatch(p -> p.contains("benchline.provisioner.hostz[0].id: no property 'hostz'"));
    }

    @Test
    void comparesKeysAsSpringBindsThem() {
        ConfigurationMetadata provisioner = METADATA.get("provisioner-service");
        for (String bound : List.of(
                "benchline.provisioner.hosts[0].ssh-host",
                "benchline.provisioner.hosts[1].sshHost",
                "benchline.provisioner.hosts.0.slots",
                "benchline.provisioner.retry.max-attempts",
                "benchline.provisioner.warmUp.requestTimeout",
                "benchline.secrets.keysets.site-credentials.file",
                "benchline.secrets.keysets[site-credentials].json",
                "benchline.sites.resolve[*.localhost]",
                "benchline.sites.resolve.bench.example.com",
                "benchline.kafka.replication-factor")) {
            assertThat(provisioner.problemWith(bound)).as(bound).isEmpty();
        }
        for (String unbound : List.of(
                "benchline.provisioner.hostz[0].id",
                "benchline.provisioner.hosts[0].ssh-hots",
                "benchline.provisioner.hosts.id",
                "benchline.provisioner.new-site-timeout.minutes",
                "benchline.provisioner.retry",
                "benchline.secrets.keysets.site-credential.file",
                "benchline.secrets.keysets.site-credentials.path",
                "benchline.signup.site-domain")) {
            assertThat(provisioner.problemWith(unbound)).as(unbound).isPresent();
        }
        for (String bound : List.of(
                "BENCHLINE_PROVISIONER_HOSTS_0_SSH_HOST",
                "BENCHLINE_PROVISIONER_HOSTS_0_SSHHOST",
                "BENCHLINE_SECRETS_KEYSETS_SITE_CREDENTIALS_JSON",
                "BENCHLINE_PROVISIONER_NEW_SITE_TIMEOUT")) {
            assertThat(provisioner.problemWithEnvironmentVariable(bound))
                    .as(bound)
                    .isEmpty();
        }
        for (String unbound : List.of(
                "BENCHLINE_PROVISIONER_HOST_0_ID",
                "BENCHLINE_SECRETS_KEYSETS_SITE_CREDENTIAL_JSON",
                "BENCHLINE_PROVISIONER_NEW_SITE_TIMEOUT_MINUTES")) {
            assertThat(provisioner.problemWithEnvironmentVariable(unbound))
                    .as(unbound)
                    .isPresent();
        }
        ConfigurationMetadata signup = METADATA.get("signup-service");
        assertThat(signup.problemWithEnvironmentVariable("BENCHLINE_SIGNUP_STREAMACCESS_TOKENKEY"))
                .isEmpty();
        assertThat(signup.problemWithEnvironmentVariable("BENCHLINE_SIGNUP_STREAM_ACCESS_TOKEN_KEY"))
                .isEmpty();
        assertThat(signup.problemWithEnvironmentVariable("BENCHLINE_SIGNUP_STREAM_ACCES_TOKEN_KEY"))
                .isPresent();
        // Not a property: a placeholder in signup-service's application.yml.
        assertThat(signup.problemWithEnvironmentVariable("BENCHLINE_SIGNUP_STATE_DIR"))
                .isEmpty();
    }

    static List<String> problems(List<Setting> settings) {
        List<String> problems = new ArrayList<>();
        for (Setting setting : settings) {
            List<ConfigurationMetadata> candidates = setting.service().equals(DeployedSettings.ANY_SERVICE)
                    ? List.copyOf(METADATA.values())
                    : List.of(METADATA.get(setting.service()));
            List<Optional<String>> answers = candidates.stream()
                    .map(m -> setting.environmentVariable()
                            ? m.problemWithEnvironmentVariable(setting.key())
                            : m.problemWith(setting.key()))
                    .toList();
            if (answers.stream().allMatch(Optional::isPresent)) {
                problems.add(setting.setIn() + " (" + setting.service() + "): "
                        + answers.get(0).orElseThrow());
            }
        }
        return problems;
    }

    private static Map<String, ConfigurationMetadata> metadata() {
        Map<String, ConfigurationMetadata> metadata = new LinkedHashMap<>();
        ServiceClasses.SERVICES.forEach(s -> metadata.put(s, ConfigurationMetadata.of(s)));
        return metadata;
    }
}
