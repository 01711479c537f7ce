package io.benchline.provisioner;

import jakarta.validation.constraints.NotBlank;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code benchline.provisioner.operations.*}: site operations (suspend, resume, archive) asked for by the lifecycle.
 * The per-host folders are {@code benchline.provisioner.hosts[i].backup-folder} and {@code archive-folder}.
 *
 * @param topic the compacted internal topic of the operations' answers (once per operationId)
 * @param groupId consumer group of the {@code tenant.site-operation-requested} listener
 * @param backupTimeout how long {@code bench backup --with-files} and the checksums of its files may take
 * @param maxPollIntervalMs the listener's {@code max.poll.interval.ms}: longer than the longest operation (backup,
 *     checksums, drop), since it runs on the listener thread
 */
@Validated
@ConfigurationProperties("benchline.provisioner.operations")
public record SiteOperationsProperties(
        @DefaultValue("provisioner.site-operations") @NotBlank
        String topic,

        @DefaultValue("provisioner-site-operations") @NotBlank
        String groupId,

        @DefaultValue("45m") Duration backupTimeout,
        @DefaultValue("7200000") long maxPollIntervalMs) {}
