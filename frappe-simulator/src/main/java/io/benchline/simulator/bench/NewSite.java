package io.benchline.simulator.bench;

import io.benchline.simulator.host.SimulatedHost;
import io.benchline.simulator.host.SiteRecord;
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
        SimulatedHost host = inv.host();
        Optional<SiteRecord> started;
        try {
            started = host.beginNewSite(name, args.flag("--force"));
        } catch (SimulatedHost.SiteLocked locked) {
            throw inv.crash("frappe.utils.synchronization.LockTimeoutError: " + locked.getMessage());
        }
        if (started.isEmpty()) {
            inv.out("Site " + name + " already exists\n");
            return 1;
        }
        SiteRecord site = started.get();
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

    private void build(Invocation inv, ClickArgs args, SiteRecord site) throws InterruptedException {
        SimulatedHost host = inv.host();
        List<String> extraApps = new ArrayList<>(args.options("--install-app"));
        boolean faultInFrappe = extraApps.isEmpty();
        boolean rootPasswordKnown = args.option("--db-root-password").isPresent()
                || args.option("--mariadb-root-password").isPresent()
                || host.commonConfig().containsKey("root_password");
        if (!rootPasswordKnown) {
            // setup_db.py get_root_connection: getpass.getpass("MySQL root password: ")
            inv.getpass("MySQL root password: ");
        }
        if (!host.createDatabase(site, args.flag("--force"))) {
            // setup_db.py setup_database: the database of a crashed drop is still on the server.
            throw inv.crash("Exception: Database " + site.config().get("db_name") + " already exists");
        }
        inv.pause(host.settings().newSiteDuration().multipliedBy(2).dividedBy(10));
        ensureStillThere(inv, site);
        if (faultInFrappe) {
            failHere(inv);
        }
        inv.out("\nInstalling frappe...\n");
        inv.pause(host.settings().newSiteDuration().multipliedBy(8).dividedBy(10));
        ensureStillThere(inv, site);
        site.createDatabase();
        inv.out("Updating DocTypes for frappe        : [========================================] 100%\n");
        // installer.py: frappe.conf.admin_password = frappe.conf.admin_password or admin_password
        Object global = host.commonConfig().get("admin_password");
        String adminPassword = global != null
                ? String.valueOf(global)
                : args.option("--admin-password").orElse(null);
        if (adminPassword == null) {
            adminPassword = askAdminPassword(inv);
        }
        site.setPassword(SiteRecord.ADMINISTRATOR, adminPassword);
        inv.out("Updating Dashboard for frappe\n");
        for (String app : extraApps) {
            if (!BENCH_APPS.contains(app)) {
                throw inv.crash("ModuleNotFoundError: No module named '" + app + "'");
            }
            if (site.installedApps().contains(app)) {
                continue;
            }
            inv.out("\nInstalling " + app + "...\n");
            inv.pause(host.settings().installAppDuration().multipliedBy(4).dividedBy(10));
            failHere(inv);
            inv.pause(host.settings().installAppDuration().multipliedBy(2).dividedBy(10));
            ensureStillThere(inv, site);
            // installer.py install_app: add_to_installed_apps runs BEFORE the after_install hooks, so an
            // interrupted run from here on leaves a half-built site that already lists the app.
            site.installApp(app);
            inv.out("Updating DocTypes for " + app + "       : [========================================] 100%\n");
            inv.pause(host.settings().installAppDuration().multipliedBy(4).dividedBy(10));
            ensureStillThere(inv, site);
            inv.out("Updating Dashboard for " + app + "\n");
        }
        if (args.flag("--set-default")) {
            host.defaultSite(site.name());
        }
        site.finishCreation();
        inv.out(site.name() + ": SystemSettings.enable_scheduler is UNSET\n*** Scheduler is disabled ***\n");
    }

    /**
     * frappe/utils/install.py {@code get_admin_password}: asks twice and asks again on a mismatch, so over a
     * pipe a wrong pair ends at end of input ({@code EOFError}, exit 1). An empty answer is asked again too.
     */
    private static String askAdminPassword(Invocation inv) throws InterruptedException {
        while (true) {
            String first = inv.getpass("Set Administrator password: ");
            String second = inv.getpass("Re-enter Administrator password: ");
            if (!first.equals(second)) {
                inv.out("\nPasswords do not match\n");
            } else if (!first.isEmpty()) {
                return first;
            }
        }
    }

    private static void failHere(Invocation inv) throws InterruptedException {
        if (inv.fault() == CommandFault.FAIL) {
            throw inv.crash(Invocation.LOST_CONNECTION);
        }
        inv.hangOrDropHere();
    }

    /** A drop-site that ran meanwhile took the database away from under this run. */
    private static void ensureStillThere(Invocation inv, SiteRecord site) {
        if (inv.host().site(site.name()).orElse(null) != site) {
            Map<String, Object> config = site.config();
            throw inv.crash(
                    "pymysql.err.OperationalError: (1049, \"Unknown database '" + config.get("db_name") + "'\")");
        }
    }
}
