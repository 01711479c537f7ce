package io.benchline.simulator.bench;

import io.benchline.simulator.host.SiteRecord;
import java.util.List;
import java.util.Set;

/** {@code bench --site S set-admin-password [P]}: prompts on stdin when P is missing. */
final class SetAdminPassword implements BenchCommand {

    private static final ClickArgs.Spec SPEC = ClickArgs.spec(
            "set-admin-password", List.of("ADMIN_PASSWORD"), 0, Set.of(), Set.of("--logout-all-sessions"));

    @Override
    public ClickArgs.Spec spec() {
        return SPEC;
    }

    @Override
    public int run(Invocation inv, ClickArgs args) throws InterruptedException {
        SiteRecord site = inv.siteWithDatabase("User");
        String password = args.argument(0).orElse(null);
        // commands/site.py: while not admin_password: admin_password = getpass.getpass(...)
        while (password == null || password.isEmpty()) {
            password = inv.getpass("Administrator's password for " + site.name() + ": ");
        }
        if (inv.fault() == CommandFault.FAIL) {
            throw inv.crash(Invocation.LOST_CONNECTION);
        }
        site.setPassword(SiteRecord.ADMINISTRATOR, password);
        if (args.flag("--logout-all-sessions")) {
            site.logoutAllSessions(SiteRecord.ADMINISTRATOR);
        }
        inv.hangOrDropHere();
        return 0;
    }
}
