package io.benchline.operator.canary;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The signup canary ({@code benchline.operator.canary.*}). Credentials come from files (mounted secrets), never from
 * the properties themselves, so they reach neither the environment endpoint nor a log line.
 *
 * @param enabled off by default: a canary creates real sites
 * @param interval pause between the end of one run and the start of the next
 * @param initialDelay before the first run after start-up
 * @param signupUrl the public signup API's base URL, e.g. {@code https://signup.example.com}
 * @param operatorUrl this service's operator API base URL, e.g. {@code http://127.0.0.1:8090}
 * @param operatorTokenFile a bearer JWT with scope {@code ops:write}, for the deprovisioning
 * @param canaryTokenFile the {@code X-Benchline-Canary} value signup-service knows by its SHA-256
 * @param emailDomain the canary's address is {@code <emailLocalPart>@<emailDomain>}
 * @param signupTimeout from the POST until the signup is completed (or has failed)
 * @param pollInterval between two reads of the signup's status (and of the mailbox)
 * @param requestTimeout of any single HTTP request
 * @param deprovisionTimeout how long the operator API may answer 404/409 (its view not caught up yet)
 * @param mailbox where the verification codes arrive, when signup-service verifies email addresses
 */
@ConfigurationProperties("benchline.operator.canary")
record CanaryProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("2h") Duration interval,
        @DefaultValue("1m") Duration initialDelay,
        URI signupUrl,
        URI operatorUrl,
        Path operatorTokenFile,
        Path canaryTokenFile,
        String emailDomain,
        @DefaultValue("canary") String emailLocalPart,
        @DefaultValue("free") String plan,
        @DefaultValue("30m") Duration signupTimeout,
        @DefaultValue("2s") Duration pollInterval,
        @DefaultValue("15s") Duration requestTimeout,
        @DefaultValue("2m") Duration deprovisionTimeout,
        @DefaultValue Mailbox mailbox) {

    /**
     * The IMAP mailbox of the canary's address.
     *
     * @param ssl IMAPS (port 993 by default); plain IMAP only for a mail server on the same machine, as in tests
     */
    record Mailbox(
            String host,
            @DefaultValue("993") int port,
            String user,
            Path passwordFile,
            @DefaultValue("true") boolean ssl,
            @DefaultValue("INBOX") String folder) {

        boolean configured() {
            return host != null && !host.isBlank();
        }
    }

    String emailAddress() {
        return emailLocalPart + "@" + emailDomain;
    }

    /** What an enabled canary cannot run without; checked at start-up so a bad deployment fails at once. */
    List<String> missingSettings() {
        List<String> missing = new ArrayList<>();
        if (signupUrl == null) {
            missing.add("signup-url");
        }
        if (operatorUrl == null) {
            missing.add("operator-url");
        }
        if (operatorTokenFile == null) {
            missing.add("operator-token-file");
        }
        if (canaryTokenFile == null) {
            missing.add("canary-token-file");
        }
        if (emailDomain == null || emailDomain.isBlank()) {
            missing.add("email-domain");
        }
        if (mailbox.configured() && (mailbox.user() == null || mailbox.passwordFile() == null)) {
            missing.add("mailbox.user and mailbox.password-file (mailbox.host is set)");
        }
        return missing;
    }
}
