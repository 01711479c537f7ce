package io.benchline.simulator.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One test per row of the "bench CLI" table of frappe-facts.md. */
class BenchCliConformanceTest {

    @TempDir
    static Path work;

    static BenchHostTarget target;

    @BeforeAll
    static void connect() throws Exception {
        target = BenchHostTarget.resolve(work);
    }

    @AfterAll
    static void disconnect() {
        target.close();
    }

    @Test
    void listAppsAsJsonNamesTheSiteAndItsApps() throws Exception {
        String site = BenchHostTarget.newSiteName();
        BenchResult created = target.bench("bench new-site " + site + " --admin-password "
                + BenchHostTarget.ADMIN_PASSWORD + " --install-app erpnext");
        assertThat(created.exit()).as(created.toString()).isZero();

        BenchResult apps = target.bench("bench --site " + site + " list-apps --format json");

        assertThat(apps.exit()).isZero();
        assertThat(apps.out().strip()).isEqualTo("{\"" + site + "\": [\"frappe\", \"erpnext\"]}");
    }
}
