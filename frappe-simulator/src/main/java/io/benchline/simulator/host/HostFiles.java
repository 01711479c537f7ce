package io.benchline.simulator.host;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The files commands write on the host outside the sites' own config: backups ({@code bench backup}) and archived
 * site folders ({@code drop-site}). Absolute, normalized paths; a file's parent folders exist once it is written.
 * The sites' {@code site_config.json} and {@code common_site_config.json} are not here: they are made from the
 * host's state when read.
 */
public final class HostFiles {

    private final Map<String, byte[]> files = new TreeMap<>();
    private final TreeSet<String> directories = new TreeSet<>();

    static String normalize(String absolute) {
        return Path.of(absolute).normalize().toString();
    }

    /** {@code os.makedirs(path, exist_ok=True)}. */
    public synchronized void mkdirs(String absolute) {
        Path path = Path.of(normalize(absolute));
        while (path != null && path.getNameCount() > 0) {
            directories.add(path.toString());
            path = path.getParent();
        }
    }

    /** Writes (or replaces) a file, creating its parent folders. */
    public synchronized void write(String absolute, byte[] content) {
        String path = normalize(absolute);
        Path parent = Path.of(path).getParent();
        if (parent != null) {
            mkdirs(parent.toString());
        }
        files.put(path, content.clone());
    }

    public synchronized Optional<byte[]> read(String absolute) {
        byte[] content = files.get(normalize(absolute));
        return content == null ? Optional.empty() : Optional.of(content.clone());
    }

    public synchronized boolean isFile(String absolute) {
        return files.containsKey(normalize(absolute));
    }

    public synchronized boolean isDirectory(String absolute) {
        return directories.contains(normalize(absolute));
    }

    public synchronized boolean exists(String absolute) {
        return isFile(absolute) || isDirectory(absolute);
    }

    /** Every file under this folder (at any depth), sorted. */
    public synchronized List<String> list(String folder) {
        String prefix = normalize(folder) + "/";
        return files.keySet().stream().filter(p -> p.startsWith(prefix)).toList();
    }

    /** {@code shutil.move(from, to)} of a folder: everything under {@code from} is now under {@code to}. */
    public synchronized void moveTree(String from, String to) {
        String source = normalize(from);
        String target = normalize(to);
        mkdirs(target);
        for (String file : new ArrayList<>(files.keySet())) {
            if (file.startsWith(source + "/")) {
                files.put(target + file.substring(source.length()), files.remove(file));
            }
        }
        for (String dir : new ArrayList<>(directories.tailSet(source + "/"))) {
            if (dir.startsWith(source + "/")) {
                directories.remove(dir);
                directories.add(target + dir.substring(source.length()));
            }
        }
        directories.remove(source);
    }
}
