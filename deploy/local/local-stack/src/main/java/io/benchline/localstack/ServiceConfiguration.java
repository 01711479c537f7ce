package io.benchline.localstack;

import io.benchline.simulator.FrappeSimulator;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Each service's configuration in the local stack: the same properties production sets, pointing at the local
 * broker, the simulator and the throw-away keysets and SSH material of the state folder.
 */
final class ServiceConfiguration {

    private ServiceConfiguration() {}

    /** Limits no benchmark or chaos run reaches: the local stack is not the internet. */
    private static final String GENEROUS = "1000000";

    /**
     * @param managementPort actuator's port (signup-service's own; the others serve actuator on {@code port})
     * @param rateLimit signups per minute per client, as production limits them; 0 for limits nobody reaches
     * @param spare a second bench host for the provisioner, or null
     * @param secureKafka the secured broker's client settings, or null for a plaintext broker
     * @param pool whether the provisioner keeps a pool of standby sites (issue 15)
     * @param mail the SMTP server signup-service mails verification codes through, or null: verification off
     * @param operator operator-service's development tokens and, with {@code --canary}, the canary's settings
     */
    static ServiceLaunch of(
            String service,
            Path jar,
            int port,
            int managementPort,
            int rateLimit,
            StateFolder state,
            String kafka,
            FrappeSimulator simulator,
            FrappeSimulator spare,
            SecureKafka secureKafka,
            boolean pool,
            LocalMail mail,
            OperatorAccess operator) {
        Map<String, String> p = new LinkedHashMap<>();
        Map<String, String> secretEnvironment = new LinkedHashMap<>();
        p.put("spring.kafka.bootstrap-servers", kafka);
        if (secureKafka != null) {
            secureKafka.configure(service, p, secretEnvironment);
        }
        // As compose and Kubernetes run them: the launcher waits for /actuator/health/readiness, which a
        // component such as the provisioner's benchHosts (a misconfigured bench host) does not take down.
        p.put("management.endpoint.health.probes.enabled", "true");
        // Site names <subdomain>.localhost reach the simulator's HTTP port; local sites speak plain HTTP.
        p.put("benchline.sites.resolve[*.localhost]", "127.0.0.1");
        p.put("benchline.sites.allow-plain-http", "true");
        // Credentials go only to <subdomain>.localhost (platform SiteAddressPolicy), as production's to its domain.
        p.put("benchline.sites.domains", "localhost");
        switch (service) {
            case "signup-service" -> {
                p.put("benchline.secrets.keysets.customer-password.file", file(state.customerPasswordKeyset()));
                p.put("benchline.secrets.keysets.login-key.file", file(state.loginKeyKeyset()));
                p.put("benchline.signup.site-domain", "localhost");
                emailVerification(p, mail);
                p.put("benchline.signup.site-url-template", "http://{subdomain}.localhost:" + simulator.httpPort());
                p.put("benchline.signup.stream-access.secure-cookie", "false");
                p.put("management.server.port", Integer.toString(managementPort));
                String limit = "benchline.signup.rate-limit.";
                if (rateLimit > 0) {
                    // The production buckets (application defaults) with this per-client rate.
                    p.put(limit + "capacity", Integer.toString(rateLimit));
                    p.put(limit + "period", "1m");
                } else {
                    p.put(limit + "capacity", GENEROUS);
                    p.put(limit + "global-capacity", GENEROUS);
                    p.put(limit + "subdomain-check-capacity", GENEROUS);
                    // A benchmark follows every signup's stream from one address.
                    p.put("benchline.signup.streams.max-per-client", GENEROUS);
                }
                p.put("spring.kafka.streams.state-dir", file(state.root().resolve("streams")));
                secretEnvironment.put("BENCHLINE_SIGNUP_STREAMACCESS_TOKENKEY", state.streamTokenKey());
                if (operator.canary()) {
                    // Only the hash: a signup whose X-Benchline-Canary header hashes to it is the canary's (synthetic).
                    p.put("benchline.signup.canary.token-sha256", state.canaryTokenSha256());
                }
            }
            case "provisioner-service" -> {
                p.put("benchline.secrets.keysets.site-credentials.file", file(state.siteCredentialsKeyset()));
                p.put("benchline.secrets.keysets.login-key.file", file(state.loginKeyKeyset()));
                p.put("benchline.provisioner.pool.enabled", Boolean.toString(pool));
                benchHost(p, 0, "local-simulator", simulator, state);
                if (spare != null) {
                    benchHost(p, 1, "spare-simulator", spare, state);
                }
            }
            case "verifier-service" ->
                p.put("benchline.secrets.keysets.site-credentials.file", file(state.siteCredentialsKeyset()));
            case "user-service" -> {
                p.put("benchline.secrets.keysets.customer-password.file", file(state.customerPasswordKeyset()));
                p.put("benchline.secrets.keysets.site-credentials.file", file(state.siteCredentialsKeyset()));
            }
            case "operator-service" -> {
                // Bearer JWTs of the launcher's development issuer (OperatorTokens); production points the resource
                // server at its identity provider instead.
                p.put(
                        "spring.security.oauth2.resourceserver.jwt.public-key-location",
                        "file:" + file(operator.tokens().publicKey()));
                p.put("benchline.operator.security.issuer", OperatorTokens.ISSUER);
                p.put("benchline.operator.security.audience", OperatorTokens.AUDIENCE);
                p.put("spring.kafka.streams.state-dir", file(state.operatorStreams()));
                if (operator.canary()) {
                    operatorCanary(p, state, operator, port, mail);
                }
            }
            default -> throw new IllegalArgumentException("no such service: " + service);
        }
        return new ServiceLaunch(service, jar, port, p, secretEnvironment);
    }

    /**
     * Off unless the stack runs a mail server ({@code --verify-email}): set either way, since production's
     * configuration turns it on. Local mail is plain SMTP on loopback without login, as GreenMail accepts it.
     */
    private static void emailVerification(Map<String, String> p, LocalMail mail) {
        String verification = "benchline.signup.email-verification.";
        p.put(verification + "enabled", Boolean.toString(mail != null));
        if (mail != null) {
            p.put(verification + "from", "signup@benchline.localhost");
            p.put("spring.mail.host", "127.0.0.1");
            p.put("spring.mail.port", Integer.toString(mail.smtpPort()));
        }
    }

    /**
     * The signup canary (contracts §7) every minute through this stack's public API, deprovisioned through this
     * operator API with the read-and-write token; with {@code --verify-email} it reads its codes from GreenMail,
     * where every mail to the canary's domain lands in one mailbox ({@link LocalMail#catchAll}).
     */
    private static void operatorCanary(
            Map<String, String> p, StateFolder state, OperatorAccess operator, int operatorPort, LocalMail mail) {
        String canary = "benchline.operator.canary.";
        p.put(canary + "enabled", "true");
        p.put(canary + "interval", OperatorAccess.CANARY_INTERVAL);
        p.put(canary + "signup-url", "http://localhost:" + operator.signupPort());
        p.put(canary + "operator-url", "http://localhost:" + operatorPort);
        p.put(canary + "operator-token-file", file(operator.tokens().readWriteToken()));
        p.put(canary + "canary-token-file", file(state.canaryToken()));
        p.put(canary + "email-domain", OperatorAccess.CANARY_EMAIL_DOMAIN);
        if (mail != null) {
            p.put(canary + "mailbox.host", "127.0.0.1");
            p.put(canary + "mailbox.port", Integer.toString(mail.imapPort()));
            p.put(canary + "mailbox.user", OperatorAccess.CANARY_MAILBOX);
            p.put(canary + "mailbox.password-file", file(state.canaryMailboxPassword()));
        }
    }

    private static void benchHost(
            Map<String, String> p, int index, String id, FrappeSimulator simulator, StateFolder state) {
        String host = "benchline.provisioner.hosts[" + index + "].";
        p.put(host + "id", id);
        p.put(host + "ssh-host", "127.0.0.1");
        p.put(host + "ssh-port", Integer.toString(simulator.sshPort()));
        p.put(host + "ssh-user", "frappe");
        p.put(host + "private-key-file", file(state.sshPrivateKey()));
        p.put(host + "known-hosts-file", file(state.knownHosts()));
        p.put(host + "slots", "8");
        p.put(host + "site-domain", "localhost");
        p.put(host + "http-base-url", simulator.httpBaseUrl());
    }

    private static String file(Path path) {
        return path.toAbsolutePath().toString();
    }
}
