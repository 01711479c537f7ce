package io.benchline.simulator.bench;

import io.benchline.simulator.host.BenchHost;
import io.benchline.simulator.host.Site;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code bench new-site}: slow, locked per site, and destructive when it dies: the folder and site_config
 * exist from the start, so any failure, hang or cut connection leaves a half-built site behind.
 */
final class NewSite implements BenchCommand {

    static final Set<String> BENCH_APPS = Set.of("frappe", "erpnext");

    private static final ClickArgs.Spec SPEC = ClickArgs.spec(
            "new-site",
            List.of("SITE"),
            1,
            Set.of(
                    "--admin-password",
                    "--db-root-password",
                    "--mariadb-root-password",
                    "--db-root-username",
                    "--mariadb-root-username",
                    "--db-name",
                    "--db-password",
                    "--db-type",
                    "--db-host",
                    "--db-port",
                    "--install-app",
                    "--source-sql",
                    "--mariadb-user-host-login-scope"),
            Set.of("--set-default", "--force", "--verbose", "--no-mariadb-socket", "--setup-db"));

    @Override
    public ClickArgs.Spec spec() {
        return SPEC;
    }

    @Override
    public int run(Invocation inv, ClickArgs args) throws InterruptedException {
        String name = args.argument(0).orElseThrow();
        BenchHost host = inv.host();
        Optional<Site> started;
        try {
            started = host.beginNewSite(name, args.flag("--force"));
        } catch (BenchHost.SiteLocked locked) {
            throw inv.crash("frappe.utils.synchronization.LockTimeoutError: " + locked.getMessage());
        }
        if (started.isEmpty()) {
            inv.out("Site " + name + " already exists\n");
            return 1;
        }
        Site site = started.get();
        boolean finished = false;
        try {
            build(inv, args, site);
            finished = true;
            return 0;
        } finally {
            if (!finished) {
                site.breakHalfway();
            }
            host.endNewSite(name);
        }
    }

    private void build(Invocation inv, ClickArgs args, Site site) throws InterruptedException {
        BenchHost host = inv.host();
        List<String> extraApps = new ArrayList<>(args.options("--install-app"));
        boolean faultInFrappe = extraApps.isEmpty();
        boolean rootPasswordKnown = args.option("--db-root-password").isPresent()
                || args.option("--mariadb-root-password").isPresent()
                || host.commonConfig().containsKey("root_password");
        if (!rootPasswordKnown) {
            inv.prompt("MySQL root password: ");
        }
        inv.pause(host.settings().newSiteDuration().multipliedBy(2).dividedBy(10));
        ensureStillThere(inv, site);
        if (faultInFrappe) {
            failHere(inv);
        }
        inv.out("Installing frappe...\n");
        inv.pause(host.settings().newSiteDuration().multipliedBy(8).dividedBy(10));
        ensureStillThere(inv, site);
        site.createDatabase();
        inv.out("Updating DocTypes for frappe        : [========================================] 100%\n"
                + "Updating Dashboard for frappe\n");
        String adminPassword = args.option("--admin-password").orElse(null);
        if (adminPassword == null) {
            adminPassword = inv.prompt("Set Administrator password: ");
        }
        site.setPassword(Site.ADMINISTRATOR, adminPassword);
        for (String app : extraApps) {
            if (!BENCH_APPS.contains(app)) {
                throw inv.crash("ModuleNotFoundError: No module named '" + app + "'");
            }
            if (site.installedApps().contains(app)) {
                continue;
            }
            inv.out("Installing " + app + "...\n");
            inv.pause(host.settings().installAppDuration().dividedBy(2));
            failHere(inv);
            inv.pause(host.settings().installAppDuration().dividedBy(2));
            ensureStillThere(inv, site);
            site.installApp(app);
            inv.out("Updating DocTypes for " + app + "       : [========================================] 100%\n"
                    + "Updating Dashboard for " + app + "\n");
        }
        if (args.flag("--set-default")) {
            host.defaultSite(site.name());
        }
        site.finishCreation();
        inv.out("*** Scheduler is disabled ***\n");
    }

    private static void failHere(Invocation inv) throws InterruptedException {
        if (inv.fault() == CommandFault.FAIL) {
            throw inv.crash(Invocation.LOST_CONNECTION);
        }
        inv.hangOrDropHere();
    }

    /** A drop-site that ran meanwhile took the database away from under this run. */
    private static void ensureStillThere(Invocation inv, Site site) {
        if (inv.host().site(site.name()).orElse(null) != site) {
            Map<String, Object> config = site.config();
            throw inv.crash(
                    "pymysql.err.OperationalError: (1049, \"Unknown database '" + config.get("db_name") + "'\")");
        }
    }
}
