package io.benchline.user.site;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How System Settings are pre-filled for ERPNext's own setup wizard, which the customer completes at first login.
 *
 * @param enabled off: nothing is pre-filled, the wizard starts empty
 * @param language the code of a Language record ({@code en}, {@code de}, {@code pt-BR}): System Settings'
 *     {@code language} is a Link to Language, whose records are named by code, not by name ("English" fails the
 *     link check with 417; only the wizard's {@code setup_complete} turns a name into a code)
 */
@ConfigurationProperties("benchline.user.system-settings")
public record SystemSettingsProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("en") String language) {}
