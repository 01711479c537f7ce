package io.benchline.simulator.bench;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.benchline.simulator.host.PythonJson;
import io.benchline.simulator.host.SimulatedHost;
import io.benchline.simulator.host.SiteRecord;
import io.benchline.simulator.host.SiteUser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;

/**
 * frappe/utils/backups.py {@code BackupGenerator} for one site: the file names
 * ({@code <%Y%m%d_%H%M%S>-<site with . as _>-database.sql.gz}, {@code -files.tar}, {@code -private-files.tar},
 * {@code -site_config_backup.json}; {@code .tgz} with {@code --compress}), where they go ({@code --backup-path P}:
 * {@code os.path.join(P, name)}, P made with {@code os.makedirs}; else {@code ./<site>/private/backups}, relative to
 * the sites folder Frappe runs in), real bytes in them, and {@code print_summary}'s text.
 */
final class BackupGenerator {

    /** Where each file goes, as Frappe prints it; null members are not written. */
    record Paths(String config, String database, String publicFiles, String privateFiles) {}

    /** {@code now()}'s format: {@code DATETIME_FORMAT = "%Y-%m-%d %H:%M:%S.%f"}. */
    private static final DateTimeFormatter NOW = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

    private static final DateTimeFormatter FILE_STAMP = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss");
    private static final DateTimeFormatter DUMP_COMPLETED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /** GNU tar writes whole records of 20 blocks of 512 bytes (its default blocking factor). */
    private static final int TAR_RECORD = 20 * 512;

    private final SimulatedHost host;
    private final SiteRecord site;

    BackupGenerator(SimulatedHost host, SiteRecord site) {
        this.host = host;
        this.site = site;
    }

    /**
     * {@code now_datetime()}: UTC converted to {@code get_system_timezone()}, which is System Settings
     * {@code time_zone} or "Asia/Kolkata" (frappe/utils/data.py: "Default to India ?!").
     */
    ZonedDateTime now() {
        Instant instant = host.settings().clock().instant();
        Object configured = site.systemSettings().get("time_zone");
        ZoneId zone = ZoneId.of("Asia/Kolkata");
        if (configured instanceof String name && !name.isBlank()) {
            try {
                zone = ZoneId.of(name);
            } catch (DateTimeException e) {
                // convert_utc_to_timezone falls back to the UTC timestamp for an unknown zone.
                zone = ZoneId.of("UTC");
            }
        }
        return instant.atZone(zone);
    }

    /** {@code set_backup_file_name} with {@code --backup-path*} options, as printed (not yet resolved). */
    Paths paths(
            ZonedDateTime taken,
            Optional<String> backupPath,
            Optional<String> dbPath,
            Optional<String> filesPath,
            Optional<String> privatePath,
            Optional<String> confPath,
            boolean withFiles,
            boolean compress) {
        String stamp = FILE_STAMP.format(taken);
        String slug = site.name().replace('.', '_');
        String ext = compress ? "tgz" : "tar";
        String folder = backupPath.filter(p -> !p.isEmpty()).orElse("./" + site.name() + "/private/backups");
        return new Paths(
                confPath.orElse(join(folder, stamp + "-" + slug + "-site_config_backup.json")),
                dbPath.orElse(join(folder, stamp + "-" + slug + "-database.sql.gz")),
                withFiles ? filesPath.orElse(join(folder, stamp + "-" + slug + "-files." + ext)) : null,
                withFiles ? privatePath.orElse(join(folder, stamp + "-" + slug + "-private-files." + ext)) : null);
    }

    /** {@code os.path.join(folder, name)}. */
    private static String join(String folder, String name) {
        return folder.endsWith("/") ? folder + name : folder + "/" + name;
    }

    /** {@code take_dump}, {@code copy_site_config} and {@code backup_files}: writes the files. */
    void write(Paths paths, ZonedDateTime taken, boolean compress) {
        host.files()
                .write(
                        host.fromSitesFolder(paths.config()),
                        PythonJson.dumpsIndented(site.config()).getBytes(UTF_8));
        host.files().write(host.fromSitesFolder(paths.database()), databaseDump(taken));
        if (paths.publicFiles() != null) {
            byte[] tar = tar("./" + site.name() + "/public/files/", taken);
            host.files().write(host.fromSitesFolder(paths.publicFiles()), compress ? gzip(List.of(tar)) : tar);
        }
        if (paths.privateFiles() != null) {
            byte[] tar = tar("./" + site.name() + "/private/files/", taken);
            host.files().write(host.fromSitesFolder(paths.privateFiles()), compress ? gzip(List.of(tar)) : tar);
        }
    }

    /**
     * {@code print_summary}: a heading with {@code now()}, then one line per file — config and database always,
     * public and private when both archives exist — as {@code "{0:<title>}: {1:<path>} {2}"} with title the longest
     * key ("database", 8) and path the longest path, so paths are padded with spaces to one width; sizes from
     * {@code get_file_size(format=True)}.
     */
    String summary(Paths paths, ZonedDateTime printedAt) {
        Map<String, String> rows = new LinkedHashMap<>();
        rows.put("Config", paths.config());
        rows.put("Database", paths.database());
        if (paths.publicFiles() != null && paths.privateFiles() != null) {
            rows.put("Public", paths.publicFiles());
            rows.put("Private", paths.privateFiles());
        }
        int title = "database".length();
        int width = rows.values().stream().mapToInt(String::length).max().orElse(0);
        StringBuilder out =
                new StringBuilder("Backup Summary for " + site.name() + " at " + NOW.format(printedAt) + "\n");
        rows.forEach((type, path) -> {
            long size = host.files()
                    .read(host.fromSitesFolder(path))
                    .map(b -> b.length)
                    .orElse(0);
            out.append(pad(type, title))
                    .append(": ")
                    .append(pad(path, width))
                    .append(' ')
                    .append(fileSize(size))
                    .append('\n');
        });
        return out.toString();
    }

    private static String pad(String text, int width) {
        return text.length() >= width ? text : text + " ".repeat(width - text.length());
    }

    /**
     * frappe/utils {@code get_file_size(path, format=True)}: {@code f"{num:3.1f}{unit}B"} dividing by 1024 while
     * {@code num >= 1024}; Python formats the binary value exactly, rounding half to even.
     */
    static String fileSize(long bytes) {
        double num = bytes;
        for (String unit : List.of("", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei", "Zi")) {
            if (Math.abs(num) < 1024) {
                return oneDecimal(num) + unit + "B";
            }
            num /= 1024;
        }
        return oneDecimal(num) + "YiB";
    }

    private static String oneDecimal(double value) {
        return new BigDecimal(value).setScale(1, RoundingMode.HALF_EVEN).toPlainString();
    }

    /**
     * Frappe's header ({@code -- Backup generated by Frappe <version> on branch <branch>}, then {@code -- }) as one
     * gzip member, and mysqldump's output piped through {@code gzip >>} as a second one, as take_dump writes them.
     * A small dump of the tables Benchline touches; the completion time makes every backup's bytes differ.
     */
    private byte[] databaseDump(ZonedDateTime taken) {
        String version = host.appVersions().getOrDefault("frappe", "15.55.1");
        String header = "-- Backup generated by Frappe " + version + " on branch version-15\n-- \n";
        String dbName = String.valueOf(site.config().get("db_name"));
        StringBuilder dump = new StringBuilder();
        dump.append("-- MariaDB dump 10.19  Distrib 10.6.18-MariaDB, for debian-linux-gnu (x86_64)\n--\n")
                .append("-- Host: localhost    Database: ")
                .append(dbName)
                .append("\n-- ------------------------------------------------------\n")
                .append("-- Server version\t10.6.18-MariaDB-0ubuntu0.22.04.1\n\n")
                .append("/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;\n")
                .append("/*!40101 SET NAMES utf8mb4 */;\n\n");
        table(dump, "tabUser", "`name` varchar(140) NOT NULL, `email` varchar(140) DEFAULT NULL", userRows());
        table(dump, "tabSingles", "`doctype` varchar(140), `field` varchar(140), `value` longtext", settingRows());
        table(dump, "tabInstalled Application", "`app_name` varchar(140)", appRows());
        dump.append("/*!40101 SET CHARACTER_SET_CLIENT=@OLD_CHARACTER_SET_CLIENT */;\n\n")
                .append("-- Dump completed on ")
                .append(DUMP_COMPLETED.format(taken))
                .append('\n');
        return gzip(List.of(header.getBytes(UTF_8), dump.toString().getBytes(UTF_8)));
    }

    private static void table(StringBuilder dump, String table, String columns, List<String> rows) {
        dump.append("--\n-- Table structure for table `")
                .append(table)
                .append("`\n--\n\nDROP TABLE IF EXISTS `")
                .append(table)
                .append("`;\nCREATE TABLE `")
                .append(table)
                .append("` (")
                .append(columns)
                .append(") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;\n\n");
        if (!rows.isEmpty()) {
            dump.append("LOCK TABLES `")
                    .append(table)
                    .append("` WRITE;\nINSERT INTO `")
                    .append(table)
                    .append("` VALUES ")
                    .append(String.join(",", rows))
                    .append(";\nUNLOCK TABLES;\n\n");
        }
    }

    private List<String> userRows() {
        List<String> rows = new ArrayList<>();
        for (String name : List.of(SiteRecord.ADMINISTRATOR, SiteRecord.GUEST)) {
            site.user(name).ifPresent(u -> rows.add(row(u.name(), u.email())));
        }
        for (String email : site.userEmails()) {
            site.user(email).map(SiteUser::email).ifPresent(e -> rows.add(row(email, e)));
        }
        return rows;
    }

    private List<String> settingRows() {
        List<String> rows = new ArrayList<>();
        site.systemSettings().forEach((field, value) -> {
            if (value != null) {
                rows.add(row("System Settings", field, String.valueOf(value)));
            }
        });
        return rows;
    }

    private List<String> appRows() {
        return site.installedApps().stream().map(BackupGenerator::row).toList();
    }

    private static String row(String... values) {
        List<String> quoted = new ArrayList<>();
        for (String value : values) {
            quoted.add("'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'");
        }
        return "(" + String.join(",", quoted) + ")";
    }

    /** Concatenated gzip members, as {@code gzip.open(…, "wt")} then {@code … | gzip >> file} leave them. */
    private static byte[] gzip(List<byte[]> members) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            for (byte[] member : members) {
                ByteArrayOutputStream one = new ByteArrayOutputStream();
                try (GZIPOutputStream gz = new GZIPOutputStream(one)) {
                    gz.write(member);
                }
                out.write(one.toByteArray());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * {@code tar -cf FILE ./<site>/<public|private>/files} of an empty files folder: one GNU-format directory entry
     * (mode 0755, owner frappe, uid/gid 1000, mtime the backup's time), two zero blocks, padded to a whole record.
     */
    private static byte[] tar(String directory, ZonedDateTime taken) {
        byte[] header = new byte[512];
        put(header, 0, 100, directory);
        put(header, 100, 8, "0000755");
        put(header, 108, 8, "0001750");
        put(header, 116, 8, "0001750");
        put(header, 124, 12, "00000000000");
        put(header, 136, 12, String.format("%011o", taken.toEpochSecond()));
        put(header, 148, 8, "        ");
        header[156] = '5';
        put(header, 257, 8, "ustar  ");
        put(header, 265, 32, "frappe");
        put(header, 297, 32, "frappe");
        int checksum = 0;
        for (byte b : header) {
            checksum += b & 0xff;
        }
        put(header, 148, 6, String.format("%06o", checksum));
        header[154] = 0;
        header[155] = ' ';
        byte[] archive = new byte[TAR_RECORD];
        System.arraycopy(header, 0, archive, 0, header.length);
        return archive;
    }

    private static void put(byte[] block, int offset, int length, String text) {
        byte[] bytes = text.getBytes(UTF_8);
        System.arraycopy(bytes, 0, block, offset, Math.min(bytes.length, length));
    }
}
