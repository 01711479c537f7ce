package io.benchline.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchline.simulator.shell.ShellLine;
import org.junit.jupiter.api.Test;

class BenchHostWorkTests {

    /** The lines as the provisioner sends them (BenchCommandLines), split as the simulator's SSH server splits them. */
    private static String kind(String line) {
        return BenchHostWork.kind(ShellLine.parse(line, "/home/frappe").words());
    }

    @Test
    void namesBenchsCommandWithoutFolderTimeLimitSiteOrArguments() {
        String cd = "cd '/home/frappe/frappe-bench' && timeout --kill-after=30s 120 ";
        assertThat(kind(cd + "bench --site 'a.localhost' execute frappe.get_installed_apps"))
                .isEqualTo("bench execute frappe.get_installed_apps");
        String apiKey = "execute frappe.db.get_value --args \"['User','Administrator','api_key']\"";
        assertThat(kind(cd + "bench --site 'a.localhost' " + apiKey)).isEqualTo("bench execute frappe.db.get_value");
        assertThat(kind(cd + "bench new-site 'a.localhost' --install-app erpnext"))
                .isEqualTo("bench new-site");
        assertThat(kind(cd + "bench --site 'a.localhost' set-admin-password")).isEqualTo("bench set-admin-password");
        assertThat(kind(cd + "env HTTPS_PROXY=http://127.0.0.1:9 bench setup nginx --yes"))
                .isEqualTo("bench setup nginx");
        assertThat(kind("cd '/home/frappe/frappe-bench' && '/opt/bench/bin/bench' version"))
                .isEqualTo("bench version");
    }

    @Test
    void namesOtherLinesByTheirFirstWordAndTheRenameAsSuch() {
        assertThat(kind("cd '/home/frappe/frappe-bench' && test ! -e 'sites/b.localhost' && mv -T"
                        + " 'sites/standby-1.localhost' 'sites/b.localhost'"))
                .isEqualTo("test ! -e … && mv (rename a standby)");
        assertThat(kind("sudo -n systemctl reload nginx")).isEqualTo("sudo");
        assertThat(kind("cd '/home/frappe/frappe-bench' && sha256sum -- '/x/a.sql.gz'"))
                .isEqualTo("sha256sum");
    }

    @Test
    void namesResourcePathsWithoutTheRecordsName() {
        assertThat(BenchHostWork.pathKind("/api/resource/User/Administrator")).isEqualTo("/api/resource/User/…");
        assertThat(BenchHostWork.pathKind("/api/resource/User")).isEqualTo("/api/resource/User");
        assertThat(BenchHostWork.pathKind("/api/method/login")).isEqualTo("/api/method/login");
    }
}
