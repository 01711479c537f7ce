package io.benchline.simulator.bench;

import io.benchline.simulator.host.SiteRecord;
import java.util.List;
import java.util.Set;

/** {@code bench --site S migrate}: the only command (with remove-app) that fills "Installed Applications". */
final class Migrate implements BenchCommand {

    private static final ClickArgs.Spec SPEC =
            ClickArgs.spec("migrate", List.of(), 0, Set.of(), Set.of("--skip-failing", "--skip-search-index"));

    @Override
    public ClickArgs.Spec spec() {
        return SPEC;
    }

    @Override
    public int run(Invocation inv, ClickArgs args) throws InterruptedException {
        SiteRecord site = inv.siteWithDatabase("Installed Application");
        if (inv.fault() == CommandFault.FAIL) {
            throw inv.crash(Invocation.LOST_CONNECTION);
        }
        inv.out("Migrating " + site.name() + "\n");
        inv.pause(inv.host().settings().installAppDuration().dividedBy(2));
        site.migrate();
        inv.hangOrDropHere();
        return 0;
    }
}
