package io.benchline.simulator.host;

import io.benchline.simulator.host.FrappeError.Kind;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * One site folder with its database: installed apps, site_config.json, users, API keys and sessions.
 * Every method takes the site's lock, like Frappe's per-request transaction on one database.
 */
public final class SiteRecord {

    public static final String ADMINISTRATOR = "Administrator";
    public static final String GUEST = "Guest";

    /** Frappe's {@code validate_email_address} pattern. */
    private static final Pattern EMAIL = Pattern.compile(
            "[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
                    + "@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])?",
            Pattern.CASE_INSENSITIVE);

    private static final Duration THROTTLE_WINDOW = Duration.ofMinutes(60);

    /** Changes only when the site's folder is moved ({@code mv -T sites/A sites/B}): the database stays. */
    private volatile String name;

    private final Clock clock;
    private final Hashes hashes;
    private final SecretJournal secrets;
    private final Map<String, Object> config = new LinkedHashMap<>();
    private final List<String> apps = new ArrayList<>();
    /** The "Installed Applications" single that list-apps reads: only migrate fills it. */
    private final List<String> installedApplicationsTable = new ArrayList<>();

    private final Map<String, SiteUser> users = new LinkedHashMap<>();
    private final Map<String, String> sessions = new ConcurrentHashMap<>();
    /** The System Settings single: the fields Benchline reads or writes ({@code setup_complete} is kept apart). */
    private final Map<String, Object> systemSettings = new LinkedHashMap<>();

    private Instant systemSettingsModified;
    /** The cache's {@code one_time_login_key:<key>} entries: the user, and when the entry expires (null: never). */
    private final Map<String, LoginKey> loginKeys = new LinkedHashMap<>();
    /** {@code @rate_limit} counters ({@code rl:<cmd>:<ip>}): a count and the end of its fixed window. */
    private final Map<String, RateWindow> rateWindows = new LinkedHashMap<>();

    private SitePhase phase = SitePhase.CREATING;
    /** Where drop-site moved the folder (absolute), once ARCHIVED. */
    private String archivedPath;

    private boolean databaseReady;
    private boolean setupComplete;

    SiteRecord(String name, String dbName, Clock clock, Hashes hashes, SecretJournal secrets) {
        this.name = name;
        this.clock = clock;
        this.hashes = hashes;
        this.secrets = secrets;
        config.put("db_name", dbName);
        config.put("db_password", hashes.generate(16));
        config.put("db_type", "mariadb");
    }

    public String name() {
        return name;
    }

    /** The folder was moved: Frappe now answers for this site under the new name, with the same database. */
    void renamed(String newName) {
        this.name = newName;
    }

    public synchronized SitePhase phase() {
        return phase;
    }

    synchronized void phase(SitePhase phase) {
        this.phase = phase;
    }

    public synchronized String archivedPath() {
        return archivedPath;
    }

    synchronized void archivedAt(String path) {
        this.archivedPath = path;
    }

    /**
     * {@code frappe.local.conf.maintenance_mode}: the site's config over common_site_config.json, truthy as
     * Python sees it.
     */
    public synchronized boolean maintenanceMode(Map<String, Object> commonConfig) {
        Object value = config.containsKey("maintenance_mode")
                ? config.get("maintenance_mode")
                : commonConfig.get("maintenance_mode");
        if (value instanceof Number number) {
            return number.doubleValue() != 0;
        }
        if (value instanceof Boolean bool) {
            return bool;
        }
        return value instanceof String text && !text.isEmpty();
    }

    /** System Settings {@code enable_scheduler} as {@code cint} reads it; false before the tables exist. */
    public synchronized boolean schedulerEnabled() {
        Object value = systemSettings.get("enable_scheduler");
        if (value instanceof Number number) {
            return number.intValue() != 0;
        }
        if (value instanceof Boolean bool) {
            return bool;
        }
        if (value instanceof String text) {
            try {
                return Integer.parseInt(text.strip()) != 0;
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return false;
    }

    /** True once {@code new-site} has created the tables and installed frappe. */
    public synchronized boolean databaseReady() {
        return databaseReady;
    }

    /** The tables exist and the Administrator and Guest users are in; the admin password is set later. */
    public synchronized void createDatabase() {
        Instant now = clock.instant();
        users.put(
                ADMINISTRATOR,
                new SiteUser(
                        ADMINISTRATOR,
                        "admin@example.com",
                        ADMINISTRATOR,
                        null,
                        List.of(ADMINISTRATOR, "System Manager"),
                        now,
                        false));
        users.put(GUEST, new SiteUser(GUEST, "guest@example.com", GUEST, null, List.of(GUEST), now, false));
        apps.add("frappe");
        // A fresh site before the setup wizard: no country, time zone or currency yet, English.
        systemSettings.put("country", null);
        systemSettings.put("language", "en");
        systemSettings.put("time_zone", null);
        systemSettings.put("currency", null);
        systemSettings.put("date_format", "dd-mm-yyyy");
        systemSettings.put("number_format", "#,###.##");
        systemSettings.put("float_precision", "3");
        systemSettings.put("enable_scheduler", 0);
        systemSettingsModified = now;
        databaseReady = true;
    }

    public synchronized void finishCreation() {
        if (phase == SitePhase.CREATING) {
            phase = SitePhase.READY;
        }
    }

    public synchronized void breakHalfway() {
        if (phase == SitePhase.CREATING) {
            phase = SitePhase.BROKEN;
        }
    }

    public synchronized List<String> installedApps() {
        return List.copyOf(apps);
    }

    /** {@code bench migrate}: syncs the "Installed Applications" table with what is installed. */
    public synchronized void migrate() {
        installedApplicationsTable.clear();
        installedApplicationsTable.addAll(apps);
    }

    /** What {@code list-apps} prints: the "Installed Applications" table, empty until migrate ran. */
    public synchronized List<String> installedApplicationsTable() {
        return List.copyOf(installedApplicationsTable);
    }

    public synchronized boolean installApp(String app) {
        if (apps.contains(app)) {
            return false;
        }
        apps.add(app);
        return true;
    }

    public synchronized Map<String, Object> config() {
        return Map.copyOf(config);
    }

    public synchronized void setConfig(String key, Object value) {
        config.put(key, value);
    }

    public synchronized boolean setupComplete() {
        return setupComplete;
    }

    /** The System Settings document's fields as stored, with {@code setup_complete} as a Check (0 or 1). */
    public synchronized Map<String, Object> systemSettings() {
        Map<String, Object> fields = new LinkedHashMap<>(systemSettings);
        fields.put("setup_complete", setupComplete ? 1 : 0);
        return fields;
    }

    public synchronized Instant systemSettingsModified() {
        return systemSettingsModified;
    }

    /**
     * Saves System Settings with these values (Document.update + save): Link fields must name existing records
     * ({@code _validate_links}: one LinkValidationError naming every bad one), the rest is stored as given.
     * Fields the simulator does not keep are ignored; {@code setup_complete} is read only here.
     */
    public synchronized Map<String, Object> updateSystemSettings(Map<String, Object> changes) {
        List<String> invalid = new ArrayList<>();
        checkLink(changes, "country", "Country", SystemSettingsLinks::countryExists, invalid);
        checkLink(changes, "language", "Language", SystemSettingsLinks::languageExists, invalid);
        checkLink(changes, "currency", "Currency", SystemSettingsLinks::currencyExists, invalid);
        if (!invalid.isEmpty()) {
            throw FrappeError.thrown(Kind.LINK_VALIDATION, "Could not find " + String.join(", ", invalid), "Message");
        }
        for (String field : systemSettings.keySet()) {
            if (changes.containsKey(field)) {
                Object value = changes.get(field);
                systemSettings.put(field, value instanceof String text && text.isEmpty() ? null : value);
            }
        }
        systemSettingsModified = clock.instant();
        return systemSettings();
    }

    private static void checkLink(
            Map<String, Object> changes,
            String field,
            String label,
            java.util.function.Predicate<String> exists,
            List<String> invalid) {
        Object value = changes.get(field);
        if (value != null && !value.toString().isEmpty() && !exists.test(value.toString())) {
            invalid.add(label + ": " + value);
        }
    }

    public synchronized List<String> userEmails() {
        return users.values().stream()
                .filter(u -> !u.name().equals(ADMINISTRATOR) && !u.name().equals(GUEST))
                .map(SiteUser::email)
                .toList();
    }

    public synchronized Optional<SiteUser> user(String userName) {
        return Optional.ofNullable(users.get(userName));
    }

    /** Frappe's {@code generate_keys}: always a new secret, a key only when there is none. */
    public synchronized String generateKeys(String userName) {
        SiteUser user = existingUser(userName);
        String secret = hashes.generate(15);
        String key = user.apiKey() == null ? hashes.generate(15) : user.apiKey();
        user.keys(key, secret, clock.instant());
        secrets.issued(clock.instant(), name, userName, SecretJournal.Kind.API_SECRET, secret);
        return secret;
    }

    private record LoginKey(String user, Instant expiresAt) {}

    private record RateWindow(int count, Instant resetAt) {}

    /**
     * {@code _generate_temporary_login_link(email, expiry)}: the user must exist ({@code frappe.db.exists}, so the
     * name matches without regard to case), then {@code frappe.generate_hash()} (56 hex) is stored with
     * {@code expires_in_sec=expiry*60}; an expiry of 0 stores the key without expiry (redis {@code set}).
     */
    public synchronized String mintLoginKey(String email, long expirySeconds) {
        SiteUser user = users.values().stream()
                .filter(u -> u.name().equalsIgnoreCase(email))
                .findFirst()
                .orElseThrow(() -> FrappeError.thrown(
                        Kind.DOES_NOT_EXIST, "User with email address " + email + " does not exist", "Message"));
        String key = hashes.generate(56);
        secrets.issued(clock.instant(), name, user.name(), SecretJournal.Kind.LOGIN_KEY, key);
        loginKeys.put(
                key,
                new LoginKey(
                        user.name(), expirySeconds == 0 ? null : clock.instant().plusSeconds(expirySeconds)));
        return key;
    }

    /** {@code login_via_key}: the key's user when it is there and not expired; the key is deleted either way. */
    public synchronized Optional<String> takeLoginKey(String key) {
        LoginKey found = loginKeys.remove(key);
        if (found == null || (found.expiresAt() != null && !clock.instant().isBefore(found.expiresAt()))) {
            return Optional.empty();
        }
        return Optional.of(found.user());
    }

    /** How many one-time login keys are stored and unexpired (never the keys themselves). */
    public synchronized int liveLoginKeys() {
        Instant now = clock.instant();
        return (int) loginKeys.values().stream()
                .filter(k -> k.expiresAt() == null || now.isBefore(k.expiresAt()))
                .count();
    }

    /**
     * {@code @rate_limit}: the first request of a window sets the counter with the window's expiry ({@code setex}),
     * every request increments it, and a count above the limit is refused until the window ends.
     *
     * @return true when this request is over the limit
     */
    public synchronized boolean overRateLimit(String bucket, int limit, Duration window) {
        Instant now = clock.instant();
        RateWindow current = rateWindows.get(bucket);
        if (current == null || !now.isBefore(current.resetAt())) {
            current = new RateWindow(0, now.plus(window));
        }
        current = new RateWindow(current.count() + 1, current.resetAt());
        rateWindows.put(bucket, current);
        return current.count() > limit;
    }

    /** Checked on every request against the "database": no cache, so a rotated secret fails at once. */
    public synchronized Optional<SiteUser> userForApiKey(String apiKey, String apiSecret) {
        for (SiteUser user : users.values()) {
            if (user.apiKey() != null && Hashes.sameDigest(user.apiKey(), apiKey)) {
                return user.apiSecret() != null && Hashes.sameDigest(user.apiSecret(), apiSecret)
                        ? Optional.of(user)
                        : Optional.empty();
            }
        }
        return Optional.empty();
    }

    public synchronized void setPassword(String userName, String password) {
        SiteUser user = existingUser(userName);
        String salt = hashes.generate(16);
        user.password(salt, hashes.digest(salt, password), clock.instant());
        secrets.issued(clock.instant(), name, userName, SecretJournal.Kind.PASSWORD, password);
    }

    /**
     * A User saved with {@code new_password} (User.validate, then {@code _update_password} on update): the password
     * policy as on insert, the new hash, and {@code logout_all_sessions} (on by default) ends the user's sessions.
     */
    public synchronized SiteUser changePassword(String userName, String newPassword) {
        SiteUser user = existingUser(userName);
        String login = user.email().contains("@")
                ? user.email().substring(0, user.email().indexOf('@'))
                : "";
        PasswordStrength.Result strength =
                PasswordStrength.score(newPassword, user.firstName(), user.lastName(), login);
        int minimum = intConfig("minimum_password_score", 2);
        if (strength.score() == 0 || strength.score() < minimum) {
            throw FrappeError.thrown(Kind.VALIDATION, strength.feedback(), "Invalid Password");
        }
        setPassword(userName, newPassword);
        logoutAllSessions(userName);
        return user;
    }

    /** A User saved with new first/last names (REST update); a blank first name is a missing mandatory field. */
    public synchronized SiteUser rename(String userName, String firstName, String lastName) {
        SiteUser user = existingUser(userName);
        String first = firstName == null ? user.firstName() : firstName;
        if (first.isBlank()) {
            throw missing("First Name");
        }
        user.rename(first.strip(), lastName == null ? user.lastName() : lastName);
        return user;
    }

    public synchronized boolean checkPassword(String userName, String password) {
        SiteUser user = users.get(userName);
        if (user == null || user.passwordDigest() == null) {
            return false;
        }
        return Hashes.sameDigest(user.passwordDigest(), hashes.digest(user.passwordSalt(), password));
    }

    /** Finds a user by login name or email, as Frappe's login accepts either. */
    public synchronized Optional<SiteUser> userByLogin(String login) {
        SiteUser byName = users.get(login);
        if (byName != null) {
            return Optional.of(byName);
        }
        String lower = login.toLowerCase(Locale.ROOT);
        return users.values().stream()
                .filter(u -> u.email().equalsIgnoreCase(lower))
                .findFirst();
    }

    public String startSession(String userName) {
        String sid = hashes.generate(56);
        sessions.put(sid, userName);
        return sid;
    }

    public Optional<String> sessionUser(String sid) {
        return Optional.ofNullable(sessions.get(sid));
    }

    public void logoutAllSessions(String userName) {
        sessions.values().removeIf(userName::equals);
    }

    /**
     * Inserts a User in Frappe's order: throttle (before_insert), email, password policy (validate),
     * mandatory fields, then the primary key (duplicate).
     */
    public synchronized SiteUser insertUser(NewUser request, boolean enforcePasswordPolicy) {
        throttleUserCreation();
        if (request.email() == null || request.email().isBlank()) {
            throw missing("Email");
        }
        String email = request.email().strip().toLowerCase(Locale.ROOT);
        if (!EMAIL.matcher(email).matches()) {
            throw FrappeError.thrown(
                    Kind.INVALID_EMAIL,
                    "<strong>" + request.email().strip() + "</strong> is not a valid Email Address",
                    "Invalid Email Address");
        }
        if (enforcePasswordPolicy
                && request.password() != null
                && !request.password().isEmpty()) {
            PasswordStrength.Result strength = PasswordStrength.score(
                    request.password(),
                    request.firstName(),
                    request.lastName(),
                    email.substring(0, email.indexOf('@')));
            int minimum = intConfig("minimum_password_score", 2);
            if (strength.score() == 0 || strength.score() < minimum) {
                throw FrappeError.thrown(Kind.VALIDATION, strength.feedback(), "Invalid Password");
            }
        }
        if (request.firstName() == null || request.firstName().isBlank()) {
            throw missing("First Name");
        }
        if (users.containsKey(email)) {
            throw FrappeError.thrown(
                    Kind.DUPLICATE_ENTRY, "User <strong>" + email + "</strong> already exists", "Message");
        }
        SiteUser user = new SiteUser(
                email,
                email,
                request.firstName().strip(),
                request.lastName(),
                request.roles(),
                clock.instant(),
                request.sendWelcomeEmail());
        users.put(email, user);
        if (request.password() != null && !request.password().isEmpty()) {
            setPassword(email, request.password());
        }
        return user;
    }

    /** The setup wizard: idempotent once done, like Frappe's early {@code {"status": "ok"}} return. */
    public synchronized Map<String, Object> completeSetup(Map<String, Object> args) {
        if (setupComplete) {
            return Map.of("status", "ok");
        }
        List<String> required = new ArrayList<>(List.of("language", "country", "timezone", "currency"));
        if (apps.contains("erpnext")) {
            required.add("company_name");
        }
        List<String> missing = required.stream()
                .filter(key -> args.get(key) == null || args.get(key).toString().isBlank())
                .toList();
        if (!missing.isEmpty()) {
            throw FrappeError.thrown(
                    Kind.VALIDATION, "Setup failed: missing " + String.join(", ", missing), "Setup Failed");
        }
        // update_system_settings: the wizard saves System Settings, whose country is a Link to Country.
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("country", args.get("country"));
        settings.put("language", SystemSettingsLinks.languageCode(String.valueOf(args.get("language"))));
        settings.put("time_zone", args.get("timezone"));
        settings.put("currency", args.get("currency"));
        settings.put("float_precision", "3");
        settings.put("enable_scheduler", 1);
        updateSystemSettings(settings);
        renameEveryUserLikeV15(args);
        setupComplete = true;
        return Map.of("status", "ok");
    }

    /**
     * frappe/frappe#33360 (v15.11 onwards, fixed in develop by #35679): with {@code email} and a {@code full_name}
     * whose split differs from the stored names, {@code create_or_update_user} runs an UPDATE on User with no WHERE
     * clause, renaming EVERY user, Administrator included. Without {@code email} it returns at once.
     */
    private void renameEveryUserLikeV15(Map<String, Object> args) {
        if (args.get("email") == null || args.get("full_name") == null) {
            return;
        }
        String[] names = args.get("full_name").toString().strip().split(" ", 2);
        String first = names[0];
        String last = names.length > 1 ? names[1] : "";
        users.values().forEach(user -> user.rename(first, last));
    }

    private void throttleUserCreation() {
        Instant since = clock.instant().minus(THROTTLE_WINDOW);
        long created =
                users.values().stream().filter(u -> u.creation().isAfter(since)).count();
        if (created > intConfig("throttle_user_limit", 60)) {
            throw FrappeError.thrown(Kind.VALIDATION, "Throttled", "Message");
        }
    }

    private SiteUser existingUser(String userName) {
        SiteUser user = users.get(userName);
        if (user == null) {
            throw FrappeError.thrown(Kind.DOES_NOT_EXIST, "User " + userName + " not found", "Message");
        }
        return user;
    }

    private static FrappeError missing(String label) {
        return FrappeError.thrown(Kind.MANDATORY, "Error: Value missing for User: " + label, "Message");
    }

    private int intConfig(String key, int fallback) {
        Object value = config.get(key);
        if (value instanceof Number number) {
            return number.intValue();
        }
        if (value instanceof String text) {
            try {
                return Integer.parseInt(text.strip());
            } catch (NumberFormatException e) {
                return fallback;
            }
        }
        return fallback;
    }
}
