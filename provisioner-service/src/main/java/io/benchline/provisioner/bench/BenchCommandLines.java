package io.benchline.provisioner.bench;

import java.time.Duration;
import java.util.regex.Pattern;

/**
 * The only command lines the provisioner ever sends, built from fixed templates. Each variable part is a
 * {@link SiteName}, a configured bench folder or bench executable, checked once more against an allow-list and
 * single-quoted, so not even a bug upstream can smuggle shell syntax through. Passwords never appear here: they go
 * on standard input. Every bench command runs under the host's {@code timeout}, because a command the client gives
 * up on gets no hang-up (no PTY) and would otherwise run on.
 */
final class BenchCommandLines {

    private static final Pattern SITE = Pattern.compile("[a-z0-9.-]{1,253}");
    private static final Pattern SITE_PATH = Pattern.compile("sites/[a-z0-9.-]{1,253}");
    private static final Pattern PATH = Pattern.compile("/[A-Za-z0-9._/-]*");
    /**
     * A file of a backup as bench printed it: an absolute path of plain characters (no {@code ..} segment is checked
     * by {@link BackupLocation}, which also requires it to lie in the operation's backup folder).
     */
    private static final Pattern BACKUP_FILE = Pattern.compile("/[A-Za-z0-9._/-]{1,1023}");
    /** The contract's allow-list for a login key's user: no quote, space or shell character can appear in it. */
    static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9.-]{1,190}");
    /** SIGKILL this long after the TERM, for a command that ignores it. */
    private static final Duration KILL_AFTER = Duration.ofSeconds(30);
    /**
     * bench's own commands (not Frappe's, which execv away) ask PyPI for a newer bench at exit, without a timeout:
     * where outbound HTTPS is dropped that hangs ~2 min after the work is done. A proxy on a closed local port makes
     * that request fail at once (frappe-facts.md, "Host preconditions").
     */
    private static final String NO_PYPI = "env HTTPS_PROXY=http://127.0.0.1:9 ";

    private final String cdBench;
    private final String bench;

    BenchCommandLines(String benchFolder, String benchExecutable) {
        this.cdBench = "cd " + quote(benchFolder, PATH) + " && ";
        this.bench = benchExecutable.equals("bench") ? "bench" : quote(benchExecutable, PATH);
    }

    /** Prints the installed apps as a JSON list; the classified failure says whether the site exists. */
    String installedApps(SiteName site, Duration limit) {
        return onSite(site, limit, "execute frappe.get_installed_apps");
    }

    /** No {@code --admin-password}: Frappe prompts twice and reads the password from standard input. */
    String newSite(SiteName site, Duration limit) {
        return cdBench + timeout(limit) + bench + " new-site " + site(site) + " --install-app erpnext";
    }

    String dropSite(SiteName site, Duration limit) {
        return cdBench + timeout(limit) + bench + " drop-site " + site(site) + " --force --no-backup";
    }

    String generateKeys(SiteName site, Duration limit) {
        return onSite(site, limit, "execute frappe.core.doctype.user.user.generate_keys --args \"['Administrator']\"");
    }

    String readApiKey(SiteName site, Duration limit) {
        return onSite(site, limit, "execute frappe.db.get_value --args \"['User','Administrator','api_key']\"");
    }

    /**
     * Mints a one-time login key for {@code email} that Frappe keeps for {@code minutes} (1..60) and prints the
     * {@code login_via_key} link as a JSON string. Positional arguments: develop renamed the first parameter.
     * Never for Administrator, whatever a caller upstream checked.
     */
    String temporaryLoginLink(SiteName site, String email, int minutes, Duration limit) {
        if (minutes < 1 || minutes > 60 || LoginKeyUsers.isAdministrator(email)) {
            throw new IllegalArgumentException("argument outside its allow-list");
        }
        return onSite(
                site,
                limit,
                "execute frappe.www.login._generate_temporary_login_link --args \"['" + checked(email, EMAIL) + "', "
                        + minutes + "]\"");
    }

    /** Maintenance mode on or off: the site answers 503 to every web request while it is on. */
    String maintenanceMode(SiteName site, boolean on, Duration limit) {
        return onSite(site, limit, "set-maintenance-mode " + (on ? "on" : "off"));
    }

    /** The site's scheduler off (true) or on again (false): no background job of a suspended site runs. */
    String scheduler(SiteName site, boolean disable, Duration limit) {
        return onSite(site, limit, disable ? "disable-scheduler" : "enable-scheduler");
    }

    /** A backup with files into the operation's own folder; bench prints each file's path in its summary. */
    String backupWithFiles(SiteName site, BackupLocation location, Duration limit) {
        return onSite(site, limit, "backup --with-files --backup-path " + quote(location.folder(), PATH));
    }

    /** The SHA-256 of each backup file, read on the host: {@code <hex>  <path>} per line. */
    String sha256(java.util.List<String> files) {
        return cdBench + "sha256sum --" + quotedFiles(files);
    }

    /** The size in bytes of each backup file: {@code <size> <path>} per line. */
    String sizes(java.util.List<String> files) {
        return cdBench + "stat -c '%s %n' --" + quotedFiles(files);
    }

    /**
     * Drops the site after its backup, moving its folder to {@code archiveFolder} instead of deleting it (bench's
     * {@code --archived-sites-path}); {@code --no-backup}: the verified backup was taken just before.
     */
    String archiveSite(SiteName site, String archiveFolder, Duration limit) {
        return cdBench + timeout(limit) + bench + " drop-site " + site(site) + " --force --no-backup"
                + " --archived-sites-path " + quote(archiveFolder, PATH);
    }

    /** {@code --yes} (there is no {@code -y}): bench asks before overwriting nginx.conf, and nobody answers. */
    String setupNginx(Duration limit) {
        return cdBench + timeout(limit) + NO_PYPI + bench + " setup nginx --yes";
    }

    /**
     * The standby pool's claim: one rename(2) of the standby's folder, no bench (no Python start-up, cannot hang, so
     * no {@code timeout}). {@code test ! -e} first, so {@code mv -T} never moves a folder into an existing site.
     */
    String renameStandby(SiteName standby, SiteName site) {
        return cdBench + "test ! -e " + quote("sites/" + site.value(), SITE_PATH) + " && mv -T "
                + quote("sites/" + standby.value(), SITE_PATH) + " " + quote("sites/" + site.value(), SITE_PATH);
    }

    /** Frappe's {@code bench version}: one {@code app version} line per app (the doctor runs the same line). */
    String appVersions() {
        return cdBench + bench + " version";
    }

    private String onSite(SiteName site, Duration limit, String command) {
        return cdBench + timeout(limit) + bench + " --site " + site(site) + " " + command;
    }

    private static String quotedFiles(java.util.List<String> files) {
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no files");
        }
        StringBuilder line = new StringBuilder();
        for (String file : files) {
            if (file.contains("..") || file.contains("//")) {
                throw new IllegalArgumentException("argument outside its allow-list");
            }
            line.append(' ').append(quote(file, BACKUP_FILE));
        }
        return line.toString();
    }

    private static String timeout(Duration limit) {
        return "timeout --kill-after=" + KILL_AFTER.toSeconds() + "s " + Math.max(1, limit.toSeconds()) + " ";
    }

    private static String site(SiteName site) {
        return quote(site.value(), SITE);
    }

    private static String quote(String value, Pattern allowed) {
        return "'" + checked(value, allowed) + "'";
    }

    private static String checked(String value, Pattern allowed) {
        if (value == null || !allowed.matcher(value).matches()) {
            throw new IllegalArgumentException("argument outside its allow-list");
        }
        return value;
    }
}
