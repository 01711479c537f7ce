package io.benchline.simulator.host;

/**
 * How the bench host is set up beyond its sites: the parts of common_site_config.json the facts name as
 * preconditions, and the host's own shell, pip and sudo set-up.
 *
 * @param dnsMultitenant common_site_config.json has {@code "dns_multitenant": true}
 * @param globalAdminPassword common_site_config.json has an {@code admin_password}
 * @param rootPasswordConfigured common_site_config.json has a {@code root_password}
 * @param benchOnPath plain {@code bench} resolves in a non-interactive SSH command
 * @param editableInstall bench is a legacy editable install and warns about it on stdout
 * @param pypiReachable bench's exit-time version check to pypi.org answers (else it hangs)
 * @param nginxReloadAllowed sudo lets the bench user run the nginx reload command without a password
 */
public record HostConditions(
        boolean dnsMultitenant,
        boolean globalAdminPassword,
        boolean rootPasswordConfigured,
        boolean benchOnPath,
        boolean editableInstall,
        boolean pypiReachable,
        boolean nginxReloadAllowed) {

    public static final HostConditions HEALTHY = new HostConditions(true, false, true, true, false, true, true);
}
