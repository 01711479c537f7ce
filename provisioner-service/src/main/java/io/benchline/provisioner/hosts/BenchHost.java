package io.benchline.provisioner.hosts;

import io.benchline.platform.sites.SiteAddress;
import io.benchline.provisioner.ssh.SshEndpoint;
import java.net.URI;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One bench host as configured: how to reach it over SSH, where its bench folder is, how many sites it may build
 * at once, which domain its sites get, how the warm-up reaches its sites over HTTP, and whether new sites must be
 * published to its web server ({@code bench setup nginx} + the reload command), and which bench executable to run
 * ({@code bench} from the PATH, or an absolute path where bench is not on a non-interactive SSH command's PATH).
 */
public record BenchHost(
        String id,
        SshEndpoint ssh,
        String benchFolder,
        int slots,
        String siteDomain,
        URI httpBaseUrl,
        boolean publish,
        String reloadCommand,
        String benchExecutable) {

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");
    /** An absolute path without anything a shell would interpret. */
    private static final Pattern FOLDER = Pattern.compile("/[A-Za-z0-9._/-]*");

    private static final Pattern DOMAIN =
            Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*");
    /** Words only: the reload command is run as configured, so it may hold no shell syntax at all. */
    private static final Pattern RELOAD = Pattern.compile("[A-Za-z0-9._/=-]+( [A-Za-z0-9._/=-]+)*");

    public BenchHost {
        Objects.requireNonNull(ssh, "ssh");
        require(id != null && ID.matcher(id).matches(), id, "id must match " + ID);
        require(
                benchFolder != null && FOLDER.matcher(benchFolder).matches(),
                id,
                "bench-folder must be an absolute path of [A-Za-z0-9._/-]");
        require(
                benchExecutable != null
                        && (benchExecutable.equals("bench")
                                || FOLDER.matcher(benchExecutable).matches()),
                id,
                "bench-executable must be bench or an absolute path of [A-Za-z0-9._/-]");
        require(slots > 0, id, "slots must be positive");
        require(
                siteDomain != null && DOMAIN.matcher(siteDomain).matches(),
                id,
                "site-domain must be a lower-case DNS name");
        require(
                !publish
                        || (reloadCommand != null
                                && RELOAD.matcher(reloadCommand).matches()),
                id,
                "publish needs a reload-command of plain words (no quotes, pipes, redirections or variables)");
    }

    /**
     * Where REST calls to one of this host's sites go (warm-up, claim, revocation): the host's configured base URL
     * (the site named by the Host header), else the site's own URL — the request's, which passed the platform's
     * SiteAddressPolicy. The site's key and passwords go nowhere else.
     */
    public URI restBaseUrl(SiteAddress site) {
        return httpBaseUrl != null ? httpBaseUrl : site.url();
    }

    private static void require(boolean condition, String id, String message) {
        if (!condition) {
            throw new IllegalArgumentException("bench host " + id + ": " + message);
        }
    }
}
