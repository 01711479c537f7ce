package io.benchline.simulator.bench;

import io.benchline.simulator.host.SiteRecord;
import java.util.List;
import java.util.Set;

/** {@code bench --site S install-app APP}: friendly messages on stdout, exit 1 on any failure. */
final class InstallApp implements BenchCommand {

    private static final ClickArgs.Spec SPEC = new ClickArgs.Spec(
            "install-app", List.of("APPS"), 0, true, Set.of(), Set.of("--force"), java.util.Map.of());

    @Override
    public ClickArgs.Spec spec() {
        return SPEC;
    }

    @Override
    public int run(Invocation inv, ClickArgs args) throws InterruptedException {
        SiteRecord site = inv.siteWithDatabase("Installed Application");
        int exit = 0;
        for (String app : args.arguments()) {
            if (site.installedApps().contains(app)) {
                inv.out("App " + app + " already installed\n");
                continue;
            }
            if (!NewSite.BENCH_APPS.contains(app)) {
                inv.out("An error occurred while installing " + app + ": No module named '" + app + "'\n"
                        + inv.traceback().render("ModuleNotFoundError: No module named '" + app + "'"));
                exit = 1;
                continue;
            }
            inv.out("Installing " + app + "...\n");
            inv.pause(inv.host().settings().installAppDuration().dividedBy(2));
            if (inv.fault() == CommandFault.FAIL) {
                inv.out("An error occurred while installing " + app
                        + ": (2013, 'Lost connection to MySQL server during query')\n"
                        + inv.traceback().render(Invocation.LOST_CONNECTION));
                exit = 1;
                continue;
            }
            inv.hangOrDropHere();
            inv.pause(inv.host().settings().installAppDuration().dividedBy(2));
            site.installApp(app);
            inv.out("Updating DocTypes for " + app + "       : [========================================] 100%\n");
        }
        return exit;
    }
}
