package io.benchline.operator.security;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Which bearer tokens the operator API accepts, beyond a valid signature and lifetime (the key comes from
 * {@code spring.security.oauth2.resourceserver.jwt.*}): {@code iss} must equal {@code issuer} and {@code aud} must
 * contain {@code audience}. There is no default issuer: a service that would accept any issuer does not start.
 */
@Validated
@ConfigurationProperties("benchline.operator.security")
public record OperatorSecurityProperties(
        @NotBlank(
                message = "set benchline.operator.security.issuer to the issuer (iss claim) of operator tokens; "
                        + "the operator API refuses to start without one")
        String issuer,

        @NotBlank @DefaultValue("benchline-ops") String audience) {}
