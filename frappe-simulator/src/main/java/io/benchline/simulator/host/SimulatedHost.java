package io.benchline.simulator.host;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The bench host: the sites folder, common_site_config.json and the nginx configuration that decides
 * which site names the web server answers for.
 */
public final class SimulatedHost {

    /** Thrown when the per-site creation lock is held, like Frappe's {@code LockTimeoutError}. */
    public static final class SiteLocked extends RuntimeException {
        SiteLocked(String site) {
            super("Failed to aquire lock: bench_new_site_" + site + ". Lock may be held by another process.");
        }
    }

    private final HostSettings settings;
    private final Hashes hashes = new Hashes();
    private final SecretJournal secrets = new SecretJournal();
    private final Map<String, SiteRecord> sites = new LinkedHashMap<>();
    private final List<SiteRecord> archived = new ArrayList<>();
    private final Set<String> creationLocks = new HashSet<>();
    private final Map<String, Object> commonConfig = new TreeMap<>();
    /** Databases on the MariaDB server: a crashed drop can leave one behind without its site folder. */
    private final Set<String> databases = new HashSet<>();
    /** Backups and archived site folders: files with bytes that commands wrote. */
    private final HostFiles files = new HostFiles();

    private final String rootPassword;
    private final String globalAdminPassword;
    private final Map<String, String> appVersions = new TreeMap<>(Map.of("frappe", "15.55.1", "erpnext", "15.47.2"));
    private String benchVersion = "5.22.6";
    private HostConditions conditions = HostConditions.HEALTHY;
    /** What the last {@code setup nginx} wrote, in site creation order. */
    private List<String> generatedNginxSites;
    /** Served names (creation order) and when each began to be served; a reload keeps the time of names it already served. */
    private Map<String, Instant> servedNginxSites = Map.of();

    private String defaultSite;

    public SimulatedHost(HostSettings settings) {
        this.settings = settings;
        // What `bench init` + `bench setup production` leave in common_site_config.json.
        commonConfig.put("background_workers", 1);
        commonConfig.put("file_watcher_port", 6787);
        commonConfig.put("frappe_user", settings.loginUser());
        commonConfig.put("gunicorn_workers", 9);
        commonConfig.put("live_reload", true);
        commonConfig.put("rebase_on_pull", false);
        commonConfig.put("redis_cache", "redis://127.0.0.1:13000");
        commonConfig.put("redis_queue", "redis://127.0.0.1:11000");
        commonConfig.put("redis_socketio", "redis://127.0.0.1:13000");
        // bench setup production -> generate_supervisor_config: update_config({"restart_supervisor_on_update": True}).
        // Frappe's get_url reads it as "production": URLs built without a request get no :webserver_port.
        commonConfig.put("restart_supervisor_on_update", true);
        commonConfig.put("restart_systemd_on_update", false);
        commonConfig.put("serve_default_site", true);
        commonConfig.put("shallow_clone", true);
        commonConfig.put("socketio_port", 9000);
        commonConfig.put("use_redis_auth", false);
        commonConfig.put("webserver_port", 8000);
        rootPassword = hashes.generate(16);
        globalAdminPassword = hashes.generate(12);
        conditions(HostConditions.HEALTHY);
    }

    /** Every secret issued on this host's sites, for tests' scans. */
    public SecretJournal secrets() {
        return secrets;
    }

    /**
     * Sets the host up as described: the config keys go into common_site_config.json (or out of it), the rest
     * changes how the shell, bench and sudo behave from the next command on.
     */
    public synchronized void conditions(HostConditions wanted) {
        this.conditions = wanted;
        if (wanted.dnsMultitenant()) {
            commonConfig.put("dns_multitenant", true);
        } else {
            commonConfig.remove("dns_multitenant");
        }
        if (wanted.globalAdminPassword()) {
            commonConfig.put("admin_password", globalAdminPassword);
        } else {
            commonConfig.remove("admin_password");
        }
        if (wanted.rootPasswordConfigured()) {
            // Hosts set up for unattended new-site keep it there so new-site does not prompt for it.
            commonConfig.put("root_password", rootPassword);
        } else {
            commonConfig.remove("root_password");
        }
    }

    /** The host's conditions now; the config-file parts read from common_site_config.json as bench edited it. */
    public synchronized HostConditions conditions() {
        return new HostConditions(
                dnsMultitenant(),
                commonConfig.containsKey("admin_password"),
                commonConfig.containsKey("root_password"),
                conditions.benchOnPath(),
                conditions.editableInstall(),
                conditions.pypiReachable(),
                conditions.nginxReloadAllowed());
    }

    public synchronized boolean dnsMultitenant() {
        Object value = commonConfig.get("dns_multitenant");
        return Boolean.TRUE.equals(value)
                || Long.valueOf(1).equals(value)
                || Integer.valueOf(1).equals(value);
    }

    /** {@code bench --version}. */
    public synchronized String benchVersion() {
        return benchVersion;
    }

    public synchronized void benchVersion(String version) {
        this.benchVersion = version;
    }

    /** The version of each app in {@code apps/}, as {@code bench version} prints them. */
    public synchronized Map<String, String> appVersions() {
        return Map.copyOf(appVersions);
    }

    public synchronized void appVersion(String app, String version) {
        appVersions.put(app, version);
    }

    /** {@code frappe.conf} for a site: common_site_config.json with the site's own site_config.json over it. */
    public synchronized Map<String, Object> siteConf(SiteRecord site) {
        Map<String, Object> conf = new LinkedHashMap<>(commonConfig);
        conf.putAll(site.config());
        return conf;
    }

    /** common_site_config.json as Frappe and bench write it: {@code json.dumps(indent=1, sort_keys=True)}. */
    public synchronized String commonConfigFile() {
        return PythonJson.dumpsIndented(commonConfig);
    }

    public synchronized boolean databaseExists(String dbName) {
        return databases.contains(dbName);
    }

    /** A database that a crashed drop-site left behind after its site folder was moved away. */
    public synchronized void leaveDatabaseWithoutSite(String site) {
        databases.add(SiteDatabaseNames.forSite(settings.benchFolder(), site));
    }

    /**
     * {@code setup_db.py}: creates the site's database; an existing one fails unless {@code --force} drops it.
     *
     * @return false when the database exists and force is off
     */
    public synchronized boolean createDatabase(SiteRecord site, boolean force) {
        String dbName = String.valueOf(site.config().get("db_name"));
        if (databases.contains(dbName) && !force) {
            return false;
        }
        databases.add(dbName);
        return true;
    }

    public HostSettings settings() {
        return settings;
    }

    /** The files commands wrote (backups, archived site folders). */
    public HostFiles files() {
        return files;
    }

    /** {@code <bench>/sites}: where Frappe's commands run ({@code bench/cli.py frappe_cmd} changes into it). */
    public String sitesFolder() {
        return settings.benchFolder() + "/sites";
    }

    /** A path as a Frappe command opens it: relative ones against the sites folder, normalized. */
    public String fromSitesFolder(String path) {
        return Path.of(sitesFolder()).resolve(path).normalize().toString();
    }

    /** The directories {@code cd} may enter: the path to the bench, the bench, its sites and apps. */
    public synchronized boolean isDirectory(String absolute) {
        Path path = Path.of(absolute).normalize();
        if (files.isDirectory(path.toString())) {
            return true;
        }
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
    public synchronized Optional<SiteRecord> site(String name) {
        return Optional.ofNullable(sites.get(name));
    }

    public synchronized Optional<SiteRecord> lastArchived(String name) {
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
    public synchronized Optional<SiteRecord> beginNewSite(String name, boolean force) {
        if (sites.containsKey(name) && !force) {
            return Optional.empty();
        }
        if (!creationLocks.add(name)) {
            throw new SiteLocked(name);
        }
        SiteRecord site = new SiteRecord(
                name, SiteDatabaseNames.forSite(settings.benchFolder(), name), settings.clock(), hashes, secrets);
        sites.put(name, site);
        return Optional.of(site);
    }

    /** Releases the creation lock whatever happened to the site. */
    public synchronized void endNewSite(String name) {
        creationLocks.remove(name);
    }

    /**
     * {@code _drop_site} after the database is dropped: {@code move(archived_sites_path, site)} renames the folder
     * to {@code <archive>/<site>}, or {@code <archive>/<site>1}, {@code <site>2}, … when that exists
     * ({@code new_path + str(count or "")}). The site's files go along (its site_config.json, its backups).
     *
     * @param archiveFolder absolute, normalized ({@code os.path.realpath})
     * @return the folder the site now lives in, empty when there is no such site
     */
    public synchronized Optional<String> archiveSite(String name, String archiveFolder) {
        SiteRecord site = sites.get(name);
        if (site == null) {
            return Optional.empty();
        }
        String base = archiveFolder + "/" + name;
        String target = base;
        for (int count = 1; isDirectory(target) || files.isFile(target); count++) {
            target = base + count;
        }
        sites.remove(name);
        site.phase(SitePhase.ARCHIVED);
        site.archivedAt(target);
        databases.remove(String.valueOf(site.config().get("db_name")));
        archived.add(site);
        if (name.equals(defaultSite)) {
            defaultSite = null;
        }
        files.moveTree(sitesFolder() + "/" + name, target);
        files.write(
                target + "/site_config.json",
                PythonJson.dumpsIndented(site.config()).getBytes(UTF_8));
        for (String folder : List.of("public/files", "private/files", "private/backups", "locks", "logs")) {
            files.mkdirs(target + "/" + folder);
        }
        return Optional.of(target);
    }

    /**
     * {@code mv -T sites/FROM sites/TO}: one rename(2), so the site moves whole or not at all; the old name answers
     * 404 from the next request on, the new one answers as that site (database, users, keys). Per-site TLS hosts
     * still route the new name only after {@code setup nginx} + reload. False when FROM is not there or TO is.
     */
    public synchronized boolean renameSite(String from, String to) {
        if (!sites.containsKey(from) || sites.containsKey(to) || creationLocks.contains(from)) {
            return false;
        }
        SiteRecord site = sites.remove(from);
        site.renamed(to);
        sites.put(to, site);
        if (from.equals(defaultSite)) {
            defaultSite = to;
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

    public synchronized void removeCommonConfig(String key) {
        commonConfig.remove(key);
    }

    public synchronized void setCommonConfig(String key, Object value) {
        commonConfig.put(key, value);
    }

    /** {@code bench setup nginx}: writes a server block for every site folder that exists right now. */
    public synchronized void setupNginx() {
        generatedNginxSites = List.copyOf(sites.keySet());
    }

    /** The reload makes nginx serve what {@code setup nginx} last wrote; nothing changes without it. */
    public synchronized void reloadNginx() {
        if (generatedNginxSites != null) {
            Instant now = settings.clock().instant();
            Map<String, Instant> served = new LinkedHashMap<>();
            for (String name : generatedNginxSites) {
                served.put(name, servedNginxSites.getOrDefault(name, now));
            }
            servedNginxSites = served;
        }
    }

    /**
     * The site a request on the host's port 80 reaches for this Host name, whatever state it is in.
     *
     * <ul>
     *   <li>dns_multitenant on (the default production set-up): bench's port-80 server is the default server and
     *       forwards ANY Host as {@code X-Frappe-Site-Name $host}, so every site folder answers by its name.
     *   <li>per-site TLS server blocks: only names in the reloaded nginx config, after the routing delay.
     *   <li>dns_multitenant off: each site got its own port; port 80 belongs to the first site, whatever the Host.
     * </ul>
     */
    public synchronized Optional<SiteRecord> siteBehindNginx(String hostName) {
        if (!dnsMultitenant()) {
            String first = servedNginxSites.keySet().stream()
                    .filter(sites::containsKey)
                    .findFirst()
                    .orElse(sites.isEmpty() ? null : sites.keySet().iterator().next());
            return Optional.ofNullable(first).map(sites::get);
        }
        if (settings.perSiteTls() && !routedByServerBlock(hostName)) {
            return Optional.empty();
        }
        return site(hostName);
    }

    /** Whether a request with this Host reaches the site of that name. */
    public synchronized boolean routed(String name) {
        return siteBehindNginx(name).map(s -> s.name().equals(name)).orElse(false);
    }

    private boolean routedByServerBlock(String name) {
        Instant servedSince = servedNginxSites.get(name);
        if (servedSince == null) {
            return false;
        }
        // Propagation (DNS, proxies) delays new names only: names served before keep answering across reloads.
        return !settings.clock().instant().isBefore(servedSince.plus(settings.routingDelay()));
    }
}
