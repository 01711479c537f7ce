package io.benchline.provisioner;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code benchline.provisioner.*}: the bench hosts, the ledger topic, command timeouts, retry budgets and the slot
 * scheduler's backlog. See the README for every property.
 *
 * @param backlog tenants allowed to wait for a slot before the listener pauses; 0 means the total slot count
 */
@Validated
@ConfigurationProperties("benchline.provisioner")
public record ProvisionerProperties(
        @NotEmpty List<@Valid Host> hosts,
        @DefaultValue("provisioner.ledger") @NotBlank String ledgerTopic,
        @DefaultValue("20m") Duration newSiteTimeout,
        @DefaultValue("2m") Duration commandTimeout,
        @DefaultValue("10s") Duration connectTimeout,
        @DefaultValue("30s") Duration hostCoolDown,
        @DefaultValue("2m") Duration hostWaitTimeout,
        @DefaultValue("0") @Min(0) int backlog,
        @DefaultValue @Valid Retry retry,
        @DefaultValue @Valid WarmUp warmUp,
        @DefaultValue @Valid Credentials credentials) {

    /**
     * One bench host; exactly one of {@code knownHostsFile} and {@code pinnedHostKey}. {@code benchExecutable}:
     * {@code bench} (on the PATH of a non-interactive SSH command) or an absolute path such as
     * {@code /home/frappe/.local/bin/bench} (pipx and pip --user installs, which only login shells put on the PATH).
     * {@code backupFolder} / {@code archiveFolder}: where an ARCHIVE puts its backup and bench's archived site
     * (defaults {@code <bench-folder>/archived/backups} and {@code <bench-folder>/archived/sites}).
     */
    public record Host(
            @NotBlank String id,
            @NotBlank String sshHost,
            @DefaultValue("22") int sshPort,
            @DefaultValue("frappe") @NotBlank String sshUser,
            @NotNull Path privateKeyFile,
            Path knownHostsFile,
            String pinnedHostKey,
            @DefaultValue("/home/frappe/frappe-bench") String benchFolder,
            @DefaultValue("4") @Min(1) int slots,
            @NotBlank String siteDomain,
            URI httpBaseUrl,
            @DefaultValue("true") boolean publish,
            @DefaultValue("sudo service nginx reload") String reloadCommand,
            @DefaultValue("bench") String benchExecutable,
            String backupFolder,
            String archiveFolder) {}

    /** Backoff for transient step failures (connection refused, timeouts, dropped sessions). */
    public record Retry(
            @DefaultValue("4") @Min(1) int maxAttempts,
            @DefaultValue("1s") Duration initialDelay,
            @DefaultValue("2.0") double multiplier,
            @DefaultValue("30s") Duration maxDelay) {}

    /**
     * The consumer groups of the two listeners that end Benchline's hold on a site: {@code groupId} revokes the API
     * secret at SignupCompleted, {@code failedGroupId} drops a failed signup's site (and its sealed credentials) at
     * ProvisioningFailed.
     */
    public record Credentials(
            @DefaultValue("provisioner-credentials") @NotBlank
            String groupId,

            @DefaultValue("provisioner-credentials-failed") @NotBlank
            String failedGroupId) {}

    /** The warm-up waits for the web server to route the new name, so it gets its own, longer budget. */
    public record WarmUp(
            @DefaultValue("10") @Min(1) int maxAttempts,
            @DefaultValue("500ms") Duration initialDelay,
            @DefaultValue("2.0") double multiplier,
            @DefaultValue("5s") Duration maxDelay,
            @DefaultValue("10s") Duration requestTimeout) {}
}
