package io.benchline.simulator;

/**
 * Ways a real bench host can be set up wrong, each as /work/shared/frappe-facts.md "Host preconditions"
 * describes it. A simulator with none of them is a healthy host.
 */
public enum HostMisconfiguration {
    /**
     * common_site_config.json has no {@code "dns_multitenant": true}: {@code setup nginx} gives each site its own
     * port, and the main HTTP port reaches the FIRST site whatever the Host.
     */
    DNS_MULTITENANT_OFF,
    /** common_site_config.json has an {@code admin_password}, which new-site uses instead of the one given. */
    GLOBAL_ADMIN_PASSWORD,
    /** Plain {@code bench} is not on a non-interactive PATH (exit 127); {@code ~/.local/bin/bench} works. */
    BENCH_NOT_ON_PATH,
    /** Every bench command prints the editable-install warning first on stdout (unless CI/BENCH_DEVELOPER). */
    EDITABLE_INSTALL_WARNING,
    /** bench's own commands hang after their work on the PyPI version check (unless HTTPS_PROXY is set). */
    PYPI_STALL,
    /** common_site_config.json has no {@code root_password}: new-site prompts for it on stdin. */
    NO_ROOT_PASSWORD,
    /** sudo has no password-less rule for the nginx reload command. */
    NGINX_RELOAD_NOT_ALLOWED
}
