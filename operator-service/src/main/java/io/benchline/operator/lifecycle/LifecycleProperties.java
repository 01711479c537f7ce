package io.benchline.operator.lifecycle;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The lifecycle's clocks.
 *
 * @param trialPeriod from activation to {@code TenantActivated.trialEndsAt}; zero means no trial (null)
 * @param defaultGrace a deprovisioning's grace when the command names none
 * @param checkInterval how often the wall-clock punctuator looks for deprovisionings whose grace has ended
 */
@ConfigurationProperties("benchline.operator.lifecycle")
record LifecycleProperties(
        @DefaultValue("14d") Duration trialPeriod,
        @DefaultValue("48h") Duration defaultGrace,
        @DefaultValue("1s") Duration checkInterval) {}
