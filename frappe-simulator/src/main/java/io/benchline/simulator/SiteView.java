package io.benchline.simulator;

import java.util.List;

/**
 * A read-only snapshot of one site for test assertions.
 *
 * @param routed whether a request on the host's nginx with this name as Host reaches this site now (a folder
 *     exists with dns_multitenant on; with per-site TLS after setup nginx, reload and routing delay; with
 *     dns_multitenant off only the first site)
 * @param apiKey the Administrator's api_key, null until generate_keys ran
 * @param userEmails the users created on the site, Administrator and Guest left out
 */
public record SiteView(
        String name,
        SimulatedSiteState state,
        List<String> installedApps,
        boolean routed,
        String apiKey,
        List<String> userEmails,
        boolean setupComplete) {

    public SiteView {
        installedApps = List.copyOf(installedApps);
        userEmails = List.copyOf(userEmails);
    }
}
