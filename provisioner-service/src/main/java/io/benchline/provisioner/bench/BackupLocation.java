package io.benchline.provisioner.bench;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The folder one site operation's backup goes to, {@code <backup-folder>/<site>/<operationId>}: its own per
 * operation, so a path bench prints can be checked to lie in it, and nothing else ever lands there.
 */
public record BackupLocation(String folder) {

    private static final Pattern FOLDER = Pattern.compile("/[A-Za-z0-9._/-]*");
    /** One file name in the folder: plain characters, never {@code .} or {@code ..}. */
    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,254}");

    public BackupLocation {
        if (folder == null
                || !FOLDER.matcher(folder).matches()
                || folder.contains("..")
                || folder.contains("//")
                || folder.endsWith("/")) {
            throw new IllegalArgumentException("not a valid backup folder");
        }
    }

    public static BackupLocation of(String backupFolder, SiteName site, UUID operationId) {
        String base = backupFolder.endsWith("/") ? backupFolder.substring(0, backupFolder.length() - 1) : backupFolder;
        return new BackupLocation(base + "/" + site.value() + "/" + operationId);
    }

    /** Whether {@code path} is a file directly in this folder (what bench prints for {@code --backup-path}). */
    public boolean holds(String path) {
        String prefix = folder + "/";
        return path != null
                && path.startsWith(prefix)
                && FILE_NAME.matcher(path.substring(prefix.length())).matches();
    }
}
