package io.benchline.provisioner.bench;

import io.benchline.platform.secrets.Secret;
import java.util.regex.Pattern;

/**
 * The only command lines the provisioner ever sends, built from fixed templates. Each variable part is a
 * {@link SiteName}, a configured bench folder or a generated password, checked once more against an allow-list and
 * single-quoted, so not even a bug upstream can smuggle shell syntax through.
 */
final class BenchCommandLines {

    /** Generated passwords are alphanumeric; anything else here is a bug, not input to escape. */
    private static final Pattern PASSWORD = Pattern.compile("[A-Za-z0-9]{16,128}");

    private static final Pattern SITE = Pattern.compile("[a-z0-9.-]{1,253}");
    private static final Pattern FOLDER = Pattern.compile("/[A-Za-z0-9._/-]*");

    private final String cdBench;

    BenchCommandLines(String benchFolder) {
        this.cdBench = "cd " + quote(benchFolder, FOLDER) + " && ";
    }

    String listApps(SiteName site) {
        return cdBench + "bench --site " + site(site) + " list-apps --format json";
    }

    /** {@code --admin-password} given so nothing prompts; {@code --install-app} so ERPNext comes with the site. */
    String newSite(SiteName site, Secret adminPassword) {
        return cdBench + "bench new-site " + site(site) + " --admin-password " + quote(adminPassword.reveal(), PASSWORD)
                + " --install-app erpnext";
    }

    String dropSite(SiteName site) {
        return cdBench + "bench drop-site " + site(site) + " --force --no-backup";
    }

    String generateKeys(SiteName site) {
        return cdBench + "bench --site " + site(site)
                + " execute frappe.core.doctype.user.user.generate_keys --args \"['Administrator']\"";
    }

    String readApiKey(SiteName site) {
        return cdBench + "bench --site " + site(site)
                + " execute frappe.db.get_value --args \"['User','Administrator','api_key']\"";
    }

    String setAdminPassword(SiteName site, Secret password) {
        return cdBench + "bench --site " + site(site) + " set-admin-password " + quote(password.reveal(), PASSWORD);
    }

    /** {@code --yes}: bench asks before overwriting an existing nginx.conf, and nobody can answer over SSH. */
    String setupNginx() {
        return cdBench + "bench setup nginx --yes";
    }

    private static String site(SiteName site) {
        return quote(site.value(), SITE);
    }

    private static String quote(String value, Pattern allowed) {
        if (value == null || !allowed.matcher(value).matches()) {
            throw new IllegalArgumentException("argument outside its allow-list");
        }
        return "'" + value + "'";
    }
}
