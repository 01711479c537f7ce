package io.benchline.simulator.bench;

import io.benchline.simulator.host.SiteRecord;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code bench --site S enable-scheduler} / {@code disable-scheduler} (frappe/commands/scheduler.py): connects,
 * {@code frappe.utils.scheduler.enable_scheduler()} / {@code disable_scheduler()} — {@code toggle_scheduler} sets
 * System Settings {@code enable_scheduler} to 1 / 0 — commits, and prints {@code Enabled for S} /
 * {@code Disabled for S} ({@code print("Enabled for", site)}). A missing site: "Site S does not exist!", exit 1.
 */
final class ToggleScheduler implements BenchCommand {

    private final boolean enable;
    private final ClickArgs.Spec spec;

    ToggleScheduler(boolean enable) {
        this.enable = enable;
        this.spec = ClickArgs.spec(enable ? "enable-scheduler" : "disable-scheduler", List.of(), 0, Set.of(), Set.of());
    }

    @Override
    public ClickArgs.Spec spec() {
        return spec;
    }

    @Override
    public int run(Invocation inv, ClickArgs args) throws InterruptedException {
        SiteRecord site = inv.siteWithDatabase("Singles");
        if (inv.fault() == CommandFault.FAIL) {
            throw inv.crash(Invocation.LOST_CONNECTION);
        }
        site.updateSystemSettings(Map.of("enable_scheduler", enable ? 1 : 0));
        inv.out((enable ? "Enabled for " : "Disabled for ") + site.name() + "\n");
        inv.hangOrDropHere();
        return 0;
    }
}
