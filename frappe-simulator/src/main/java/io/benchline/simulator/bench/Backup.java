package io.benchline.simulator.bench;

import io.benchline.simulator.host.SiteRecord;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code bench --site S backup [--with-files] [--backup-path P] …} (frappe/commands/site.py {@code backup}):
 * {@code frappe.init}, {@code connect} and {@code scheduled_backup(force=True)} inside one {@code try}, so ANY
 * failure — an unknown site included — prints {@code Backup failed for Site S. Database or site_config.json may be
 * corrupted} (stdout) and exits 1. On success {@code print_summary()} then
 * {@code Backup for Site S has been successfully completed[ with files]}; the files hold real bytes.
 */
final class Backup implements BenchCommand {

    private static final ClickArgs.Spec SPEC = ClickArgs.spec(
            "backup",
            List.of(),
            0,
            Set.of(
                    "--include",
                    "--exclude",
                    "--backup-path",
                    "--backup-path-db",
                    "--backup-path-files",
                    "--backup-path-private-files",
                    "--backup-path-conf"),
            Set.of("--with-files", "--ignore-backup-conf", "--verbose", "--compress"),
            Map.of("--only", "--include", "-i", "--include", "-e", "--exclude"));

    @Override
    public ClickArgs.Spec spec() {
        return SPEC;
    }

    @Override
    public int run(Invocation inv, ClickArgs args) throws InterruptedException {
        String name = inv.siteName();
        boolean withFiles = args.flag("--with-files");
        SiteRecord site = inv.host().site(name).orElse(null);
        if (site == null || !site.databaseReady() || inv.fault() == CommandFault.FAIL) {
            inv.out("Backup failed for Site " + name + ". Database or site_config.json may be corrupted\n");
            return 1;
        }
        BackupGenerator generator = new BackupGenerator(inv.host(), site);
        ZonedDateTime taken = generator.now();
        boolean compress = args.flag("--compress");
        BackupGenerator.Paths paths = generator.paths(
                taken,
                args.option("--backup-path"),
                args.option("--backup-path-db"),
                args.option("--backup-path-files"),
                args.option("--backup-path-private-files"),
                args.option("--backup-path-conf"),
                withFiles,
                compress);
        // setup_backup_directory: os.makedirs of --backup-path (or the default folder), exist_ok.
        inv.host()
                .files()
                .mkdirs(inv.host()
                        .fromSitesFolder(args.option("--backup-path")
                                .filter(p -> !p.isEmpty())
                                .orElse("./" + name + "/private/backups")));
        // mysqldump, then tar of the files: the host's backup duration, scaled.
        Duration duration = inv.host().settings().backupDuration();
        inv.pause(withFiles ? duration : duration.multipliedBy(3).dividedBy(4));
        generator.write(paths, taken, compress);
        inv.hangOrDropHere();
        inv.out(generator.summary(paths, generator.now()));
        inv.out("Backup for Site " + name + " has been successfully completed" + (withFiles ? " with files" : "")
                + "\n");
        return 0;
    }

    /** For drop-site without {@code --no-backup}: {@code scheduled_backup(ignore_files=False)} + summary. */
    static String backupBeforeDrop(Invocation inv, SiteRecord site) {
        BackupGenerator generator = new BackupGenerator(inv.host(), site);
        ZonedDateTime taken = generator.now();
        BackupGenerator.Paths paths = generator.paths(
                taken,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                true,
                false);
        generator.write(paths, taken, false);
        return generator.summary(paths, generator.now());
    }
}
