package io.benchline.provisioner.operations;

import java.util.regex.Pattern;

/**
 * Where one host keeps what an ARCHIVE leaves: {@code backupFolder} (each operation's backup in
 * {@code <backupFolder>/<site>/<operationId>}) and {@code archiveFolder} (bench's {@code --archived-sites-path}).
 * Defaults, under the bench folder: {@code archived/backups} and {@code archived/sites}.
 */
public record ArchiveFolders(String backupFolder, String archiveFolder) {

    private static final Pattern FOLDER = Pattern.compile("/[A-Za-z0-9._/-]*");

    public ArchiveFolders {
        check(backupFolder, "backup-folder");
        check(archiveFolder, "archive-folder");
    }

    /** The configured folders, or the defaults under {@code benchFolder} for those left out. */
    public static ArchiveFolders of(String benchFolder, String backupFolder, String archiveFolder) {
        String base = benchFolder.endsWith("/") ? benchFolder.substring(0, benchFolder.length() - 1) : benchFolder;
        return new ArchiveFolders(
                blank(backupFolder) ? base + "/archived/backups" : backupFolder,
                blank(archiveFolder) ? base + "/archived/sites" : archiveFolder);
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static void check(String folder, String name) {
        if (folder == null
                || !FOLDER.matcher(folder).matches()
                || folder.contains("..")
                || folder.contains("//")
                || (folder.length() > 1 && folder.endsWith("/"))) {
            throw new IllegalArgumentException(name + " must be an absolute path of [A-Za-z0-9._/-] without .. or //");
        }
    }
}
