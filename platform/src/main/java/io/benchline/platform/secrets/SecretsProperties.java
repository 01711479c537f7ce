package io.benchline.platform.secrets;

import io.benchline.events.SecretPurpose;
import java.nio.file.Path;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where each purpose's keyset comes from, e.g. {@code benchline.secrets.keysets.customer-password.file} or
 * {@code ...site-credentials.json} (typically set from an environment variable such as
 * {@code BENCHLINE_SECRETS_KEYSETS_SITE_CREDENTIALS_JSON}). A service configures only the purposes it needs.
 */
@ConfigurationProperties("benchline.secrets")
public record SecretsProperties(Map<SecretPurpose, KeysetSource> keysets) {

    public SecretsProperties {
        keysets = keysets == null ? Map.of() : Map.copyOf(keysets);
    }

    /** Exactly one of {@code file} and {@code json}. */
    public record KeysetSource(Path file, String json) {

        @Override
        public String toString() {
            return file != null ? "KeysetSource[file=" + file + "]" : "KeysetSource[json=redacted]";
        }
    }
}
