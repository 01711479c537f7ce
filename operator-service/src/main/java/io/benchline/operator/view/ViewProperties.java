package io.benchline.operator.view;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the view follows its topics: {@code catchUpTimeout} bounds one attempt to read to the end at start (and each
 * wait for what is committed); {@code retryPause} is the wait before the next attempt when the broker was not there.
 */
@ConfigurationProperties("benchline.operator.view")
record ViewProperties(
        @DefaultValue("60s") Duration catchUpTimeout,
        @DefaultValue("2s") Duration retryPause) {}
