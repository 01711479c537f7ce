package io.benchline.simulator.bench;

import io.benchline.simulator.host.SiteRecord;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code bench drop-site S [--force] [--no-backup] [--archived-sites-path P]} (frappe/commands/site.py
 * {@code _drop_site}): no {@code pass_context}, so an unknown site is {@code frappe.init}'s IncorrectSitePath as a
 * traceback (exit 1). Without {@code --no-backup}: "Taking backup of S" and a backup with files (a failed one stops
 * the drop unless {@code --force}). Then "Dropping site database and user", the database goes, and "Moving site to
 * archive under <realpath(P)>" (default {@code <bench>/archived/sites}, made with {@code os.makedirs}) before
 * {@code move()} renames the folder to {@code P/S} ({@code P/S1}, {@code P/S2}, … when taken).
 */
final class DropSite implements BenchCommand {

    private static final ClickArgs.Spec SPEC = ClickArgs.spec(
            "drop-site",
            List.of("SITE"),
            1,
            Set.of("--db-root-username", "--db-root-password", "--archived-sites-path"),
            Set.of("--no-backup", "--force"),
            Map.of(
                    "--mariadb-root-username", "--db-root-username",
                    "--root-login", "--db-root-username",
                    "--mariadb-root-password", "--db-root-password",
                    "--root-password", "--db-root-password"));

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
            inv.out("Taking backup of " + name + "\n");
            if (!site.databaseReady()) {
                if (!args.flag("--force")) {
                    inv.out(String.join(
                            "\n",
                            "=".repeat(80),
                            "Error: The operation has stopped because backup of " + name + "'s database failed.",
                            "Reason: (1146, \"Table '" + site.config().get("db_name")
                                    + ".__global_search' doesn't exist\")\n",
                            "Fix the issue and try again.",
                            "Hint: Use 'bench drop-site " + name + " --force' to force the removal of " + name + "\n"));
                    return 1;
                }
            } else {
                inv.pause(inv.host().settings().backupDuration());
                inv.out(Backup.backupBeforeDrop(inv, site));
            }
        }
        inv.out("Dropping site database and user\n");
        // drop_user_and_database -> get_root_connection asks for the root password only when none is configured.
        boolean rootPasswordKnown = args.option("--db-root-password").isPresent()
                || inv.host().commonConfig().containsKey("root_password");
        if (!rootPasswordKnown) {
            inv.getpass("MySQL root password: ");
        }
        if (inv.fault() == CommandFault.FAIL) {
            throw inv.crash(Invocation.LOST_CONNECTION);
        }
        String archive = args.option("--archived-sites-path")
                .map(inv.host()::fromSitesFolder)
                .orElse(Path.of(inv.host().settings().benchFolder(), "archived", "sites")
                        .normalize()
                        .toString());
        inv.out("Moving site to archive under " + archive + "\n");
        inv.host().files().mkdirs(archive);
        inv.host().archiveSite(name, archive);
        inv.hangOrDropHere();
        return 0;
    }
}
