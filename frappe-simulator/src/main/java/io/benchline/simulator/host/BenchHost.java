package io.benchline.simulator.host;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The bench host: the sites folder, common_site_config.json and the nginx configuration that decides
 * which site names the web server answers for.
 */
public final class BenchHost {

    /** Thrown when the per-site creation lock is held, like Frappe's {@code LockTimeoutError}. */
    public static final class SiteLocked extends RuntimeException {
        SiteLocked(String site) {
            super("Failed to aquire lock: bench_new_site_" + site + ". Lock may be held by another process.");
        }
    }

    private final HostSettings settings;
    private final Hashes hashes = new Hashes();
    private final Map<String, Site> sites = new LinkedHashMap<>();
    private final List<Site> archived = new ArrayList<>();
    private final Set<String> creationLocks = new HashSet<>();
    private final Map<String, Object> commonConfig = new LinkedHashMap<>();
    private Set<String> generatedNginxSites;
    /** Served names and when each began to be served; a reload keeps the time of names it already served. */
    private Map<String, Instant> servedNginxSites = Map.of();

    private String defaultSite;

    public BenchHost(HostSettings settings) {
        this.settings = settings;
        commonConfig.put("redis_cache", "redis://127.0.0.1:13000");
        if (settings.rootPasswordInCommonConfig()) {
            // Many production hosts keep it there so new-site does not prompt for it.
            commonConfig.put("root_password", hashes.generate(16));
        }
    }

    public HostSettings settings() {
        return settings;
    }

    /** The directories {@code cd} may enter: the path to the bench, the bench, its sites and apps. */
    public synchronized boolean isDirectory(String absolute) {
        Path path = Path.of(absolute).normalize();
        Path bench = Path.of(settings.benchFolder());
        Path home = Path.of(settings.homeFolder());
        if (bench.startsWith(path) || home.startsWith(path) || path.equals(Path.of("/tmp"))) {
            return true;
        }
        if (!path.startsWith(bench)) {
            return false;
        }
        Path inside = bench.relativize(path);
        if (inside.getNameCount() == 1) {
            return Set.of("sites", "apps", "logs", "config", "env", "archived").contains(inside.toString());
        }
        if (inside.getNameCount() == 2 && inside.getName(0).toString().equals("sites")) {
            return sites.containsKey(inside.getName(1).toString());
        }
        if (inside.getNameCount() == 2 && inside.getName(0).toString().equals("apps")) {
            return Set.of("frappe", "erpnext").contains(inside.getName(1).toString());
        }
        return false;
    }

    public boolean isInsideBench(String absolute) {
        return Path.of(absolute).normalize().startsWith(Path.of(settings.benchFolder()));
    }

    /** A site that has a folder under {@code sites/} (creating, ready or half-built). */
    public synchronized Optional<Site> site(String name) {
        return Optional.ofNullable(sites.get(name));
    }

    public synchronized Optional<Site> lastArchived(String name) {
        for (int i = archived.size() - 1; i >= 0; i--) {
            if (archived.get(i).name().equals(name)) {
                return Optional.of(archived.get(i));
            }
        }
        return Optional.empty();
    }

    /**
     * Starts {@code new-site}: the folder and site_config.json exist from here on. Returns empty when the
     * site exists and {@code force} is off (Frappe prints "already exists").
     */
    public synchronized Optional<Site> beginNewSite(String name, boolean force) {
        if (sites.containsKey(name) && !force) {
            return Optional.empty();
        }
        if (!creationLocks.add(name)) {
            throw new SiteLocked(name);
        }
        Site site = new Site(name, settings.clock(), hashes);
        sites.put(name, site);
        return Optional.of(site);
    }

    /** Releases the creation lock whatever happened to the site. */
    public synchronized void endNewSite(String name) {
        creationLocks.remove(name);
    }

    public synchronized boolean dropSite(String name) {
        Site site = sites.remove(name);
        if (site == null) {
            return false;
        }
        site.phase(SitePhase.ARCHIVED);
        archived.add(site);
        if (name.equals(defaultSite)) {
            defaultSite = null;
        }
        return true;
    }

    public synchronized List<String> siteNames() {
        return List.copyOf(sites.keySet());
    }

    public synchronized Optional<String> defaultSite() {
        return Optional.ofNullable(defaultSite);
    }

    public synchronized void defaultSite(String name) {
        this.defaultSite = name;
    }

    public synchronized Map<String, Object> commonConfig() {
        return Map.copyOf(commonConfig);
    }

    public synchronized void setCommonConfig(String key, Object value) {
        commonConfig.put(key, value);
    }

    /** {@code bench setup nginx}: writes a server block for every site folder that exists right now. */
    public synchronized void setupNginx() {
        generatedNginxSites = new HashSet<>(sites.keySet());
    }

    /** The reload makes nginx serve what {@code setup nginx} last wrote; nothing changes without it. */
    public synchronized void reloadNginx() {
        if (generatedNginxSites != null) {
            Instant now = settings.clock().instant();
            Map<String, Instant> served = new HashMap<>();
            for (String name : generatedNginxSites) {
                served.put(name, servedNginxSites.getOrDefault(name, now));
            }
            servedNginxSites = Map.copyOf(served);
        }
    }

    /** Whether a request for this name reaches Frappe: listed in the served config and propagated. */
    public synchronized boolean routed(String name) {
        Instant servedSince = servedNginxSites.get(name);
        if (servedSince == null) {
            return false;
        }
        // Propagation (DNS, proxies) delays new names only: names served before keep answering across reloads.
        return !settings.clock().instant().isBefore(servedSince.plus(settings.routingDelay()));
    }
}
