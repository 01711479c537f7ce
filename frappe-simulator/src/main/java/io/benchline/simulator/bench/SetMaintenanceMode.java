package io.benchline.simulator.bench;

import io.benchline.simulator.host.SiteRecord;
import java.util.List;
import java.util.Set;

/**
 * {@code bench --site S set-maintenance-mode on|off} (frappe/commands/scheduler.py): {@code frappe.init(site)} then
 * {@code update_site_config("maintenance_mode", 1 if state == "on" else 0)}; prints nothing. The command has its own
 * {@code --site} option too. A missing site raises IncorrectSitePath in {@code frappe.init}, which
 * {@code pass_context} turns into "Site S does not exist!" (stdout, exit 1).
 */
final class SetMaintenanceMode implements BenchCommand {

    private static final String STATE = "{on|off}";

    private static final ClickArgs.Spec SPEC =
            ClickArgs.spec("set-maintenance-mode", List.of(STATE), 1, Set.of("--site"), Set.of());

    @Override
    public ClickArgs.Spec spec() {
        return SPEC;
    }

    @Override
    public int run(Invocation inv, ClickArgs args) throws InterruptedException {
        String state = args.argument(0).orElseThrow();
        if (!state.equals("on") && !state.equals("off")) {
            throw new ClickArgs.UsageError(
                    "Invalid value for '" + STATE + "': '" + state + "' is not one of 'on', 'off'.");
        }
        SiteRecord site = args.option("--site")
                .map(name -> inv.host().site(name).orElseThrow(() -> {
                    inv.out("Site " + name + " does not exist!\n");
                    return new Exit(1);
                }))
                .orElseGet(inv::siteFolder);
        if (inv.fault() == CommandFault.FAIL) {
            throw inv.crash("PermissionError: [Errno 13] Permission denied: './" + site.name() + "/site_config.json'");
        }
        site.setConfig("maintenance_mode", state.equals("on") ? 1 : 0);
        inv.hangOrDropHere();
        return 0;
    }
}
