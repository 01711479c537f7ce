package io.benchline.provisioner.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchline.platform.secrets.Secret;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bench output reaches failure messages only through {@link BenchOutput}: every secret-bearing field bench or Frappe
 * may print is redacted in Python's spelling ({@code 'name': 'value'}, a printed dict) and JSON's
 * ({@code "name": "value"}), whatever the value looks like.
 */
class BenchOutputTests {

    private static final String VALUE = "Zq8-w+e/r:t y";

    @ParameterizedTest
    @ValueSource(strings = {"api_secret", "api_key", "admin_password", "password", "new_password", "root_password"})
    void redactsPythonSpelling(String field) {
        String printed = "{'site': 'acme.localhost', '" + field + "': '" + VALUE + "', 'other': 1}";

        String message = BenchOutput.forMessage(printed, List.of());

        assertThat(message).doesNotContain("Zq8").doesNotContain("t y").contains("'" + field + "'");
        assertThat(message).contains("acme.localhost").contains("[redacted]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"api_secret", "api_key", "admin_password", "password", "new_password", "root_password"})
    void redactsJsonSpelling(String field) {
        String printed = "{\"site\": \"acme.localhost\", \"" + field + "\": \"" + VALUE + "\", \"other\": 1}";

        String message = BenchOutput.forMessage(printed, List.of());

        assertThat(message).doesNotContain("Zq8").doesNotContain("t y").contains("\"" + field + "\"");
        assertThat(message).contains("acme.localhost").contains("[redacted]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"api_secret", "admin_password", "root_password"})
    void redactsUnquotedAssignments(String field) {
        String message = BenchOutput.forMessage(field + "=Zq8secret and more", List.of());

        assertThat(message).doesNotContain("Zq8secret").contains("and more");
    }

    @Test
    void redactsKnownSecretsAndPasswordArguments() {
        String printed = "Traceback ...\nnew-site --admin-password Hunter2x failed for Kn0wnSecret";

        String message = BenchOutput.forMessage(printed, List.of(Secret.of("Kn0wnSecret")));

        assertThat(message).doesNotContain("Hunter2x").doesNotContain("Kn0wnSecret");
    }

    @Test
    void leavesFieldsThatMerelyEndLikeASecretName() {
        // "my_password_hint" is not a password field: only whole field names count.
        String message = BenchOutput.forMessage("{'password_hint': 'blue'}", List.of());

        assertThat(message).contains("blue");
    }
}
