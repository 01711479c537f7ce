package io.benchline.simulator;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A read-only snapshot of one site for test assertions.
 *
 * @param routed whether a request on the host's nginx with this name as Host reaches this site now (a folder
 *     exists with dns_multitenant on; with per-site TLS after setup nginx, reload and routing delay; with
 *     dns_multitenant off only the first site)
 * @param apiKey the Administrator's api_key, null until generate_keys ran
 * @param userEmails the users created on the site, Administrator and Guest left out
 * @param systemSettings the System Settings single's kept fields (country, language, time_zone, currency, …;
 *     values may be null)
 * @param liveLoginKeys one-time login keys stored and not yet used or expired (never the keys)
 * @param maintenanceMode whether frappe.conf has a truthy {@code maintenance_mode} ({@code set-maintenance-mode on}):
 *     every request to the site then answers 503 SessionStopped
 * @param schedulerEnabled System Settings {@code enable_scheduler} ({@code enable-scheduler} / {@code
 *     disable-scheduler}); false while the database is not there
 * @param archivedPath for an ARCHIVED site, the absolute folder drop-site moved it to; else null
 */
public record SiteView(
        String name,
        SimulatedSiteState state,
        List<String> installedApps,
        boolean routed,
        String apiKey,
        List<String> userEmails,
        String administratorFullName,
        boolean setupComplete,
        Map<String, Object> systemSettings,
        int liveLoginKeys,
        boolean maintenanceMode,
        boolean schedulerEnabled,
        String archivedPath) {

    public SiteView {
        installedApps = List.copyOf(installedApps);
        userEmails = List.copyOf(userEmails);
        systemSettings = Collections.unmodifiableMap(new LinkedHashMap<>(systemSettings));
    }
}
