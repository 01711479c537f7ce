package io.benchline.provisioner;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code benchline.provisioner.handoff.*}: one-time login keys and the removal of unverified tenants.
 *
 * @param topic the compacted internal topic of login-key answers and removals
 * @param loginKeyMinutes how long a minted key opens the site (1..60); short: the customer is redirected at once
 * @param loginKeyRequestMaxAge a request older than this is refused without minting: nobody waits for it any more
 * @param loginKeyGroupId consumer group of the {@code tenant.login-key-requested} listener
 * @param removalGroupId consumer group of the {@code tenant.email-verification} listener
 */
@Validated
@ConfigurationProperties("benchline.provisioner.handoff")
public record HandoffProperties(
        @DefaultValue("provisioner.handoff") @NotBlank String topic,
        @DefaultValue("2") @Min(1) @Max(60) int loginKeyMinutes,
        @DefaultValue("5m") Duration loginKeyRequestMaxAge,
        @DefaultValue("provisioner-login-keys") @NotBlank String loginKeyGroupId,

        @DefaultValue("provisioner-tenant-removal") @NotBlank
        String removalGroupId) {}
