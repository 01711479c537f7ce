package io.benchline.simulator;

import java.util.List;

/**
 * A read-only snapshot of one site for test assertions.
 *
 * @param routed whether the web server answers for this name now (setup nginx, reload, routing delay)
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
