package io.benchline.simulator.bench;

import io.benchline.simulator.host.SiteRecord;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/** {@code bench drop-site S [--force] [--no-backup]}: drops the database and moves the folder to archived/sites. */
final class DropSite implements BenchCommand {

    private static final ClickArgs.Spec SPEC = ClickArgs.spec(
            "drop-site",
            List.of("SITE"),
            1,
            Set.of("--db-root-username", "--db-root-password", "--mariadb-root-password", "--archived-sites-path"),
            Set.of("--no-backup", "--force"));

    @Override
    public ClickArgs.Spec spec() {
        return SPEC;
    }

    @Override
    public int run(Invocation inv, ClickArgs args) throws InterruptedException {
        String name = args.argument(0).orElseThrow();
        SiteRecord site = inv.host().site(name).orElse(null);
        if (site == null) {
            throw inv.crash("frappe.exceptions.IncorrectSitePath: 404 Not Found: " + name + " does not exist");
        }
        if (!args.flag("--no-backup")) {
            if (!site.databaseReady() && !args.flag("--force")) {
                inv.out("Error: Couldn't backup the database of " + name + ". Use --force to drop it anyway.\n");
                return 1;
            }
            inv.pause(Duration.ofSeconds(20));
            inv.out("Backup Summary for " + name + "\nDatabase: ./" + name + "/private/backups/database.sql.gz\n");
        }
        boolean rootPasswordKnown = args.option("--db-root-password").isPresent()
                || args.option("--mariadb-root-password").isPresent()
                || inv.host().commonConfig().containsKey("root_password");
        if (!rootPasswordKnown) {
            inv.getpass("MySQL root password: ");
        }
        if (inv.fault() == CommandFault.FAIL) {
            throw inv.crash(Invocation.LOST_CONNECTION);
        }
        inv.host().dropSite(name);
        inv.hangOrDropHere();
        return 0;
    }
}
