package io.benchline.simulator.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.benchline.simulator.host.FrappeError;
import io.benchline.simulator.host.FrappeError.Kind;
import io.benchline.simulator.host.NewUser;
import io.benchline.simulator.host.SimulatedHost;
import io.benchline.simulator.host.SiteRecord;
import io.benchline.simulator.host.SiteUrls;
import io.benchline.simulator.host.SiteUser;
import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The REST endpoints of one routed site that Benchline calls, answering as Frappe v15 does. */
final class SiteApi {

    private static final String LOGGED_USER = "/api/method/frappe.auth.get_logged_user";
    private static final String LOGIN = "/api/method/login";
    private static final String SETUP_COMPLETE =
            "/api/method/frappe.desk.page.setup_wizard.setup_wizard.setup_complete";
    private static final String GET_SINGLE_VALUE = "/api/method/frappe.client.get_single_value";
    private static final String USER_RESOURCE = "/api/resource/User";
    private static final String SYSTEM_SETTINGS = "/api/resource/System Settings/";
    private static final String GENERATE_KEYS = "/api/method/frappe.core.doctype.user.user.generate_keys";
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

    private static final String LOGIN_VIA_KEY = "/api/method/frappe.www.login.login_via_key";
    private static final String RATE_LIMITED =
            "You hit the rate limit because of too many requests. Please try after sometime.";
    /** {@code get_login_with_email_link_ratelimit()}: System Settings' rate_limit_email_link_login or 5, per hour. */
    private static final int LOGIN_KEY_LIMIT = 5;

    private static final Duration LOGIN_KEY_WINDOW = Duration.ofHours(1);

    private final ObjectMapper json;
    private final FrappeErrorBody errors;
    private final SimulatedHost host;

    SiteApi(ObjectMapper json, FrappeErrorBody errors, SimulatedHost host) {
        this.json = json;
        this.errors = errors;
        this.host = host;
    }

    SiteResponse handle(SiteRequest request, SiteRecord site) {
        String path = request.path();
        try {
            if (truthy(host.siteConf(site).get("maintenance_mode"))) {
                return sessionStopped(request);
            }
            String user = Authentication.user(request, site);
            if (path.equals("/app") || path.startsWith("/app/")) {
                return desk(site, user);
            }
            if (path.equals("/login")) {
                return loginPage(request, site, user);
            }
            if (path.equals(LOGIN_VIA_KEY)) {
                return loginViaKey(request, site);
            }
            if (path.equals(LOGIN)) {
                return login(request, site);
            }
            if (path.equals(LOGGED_USER)) {
                requireLoggedIn(user, "Not permitted");
                return message(user);
            }
            if (path.equals(SETUP_COMPLETE) && request.method().equals("POST")) {
                requireSystemManager(site, user);
                return message(site.completeSetup(setupArgs(request)));
            }
            if (path.equals(GET_SINGLE_VALUE)) {
                return singleValue(request, site, user);
            }
            if (path.equals(USER_RESOURCE) && request.method().equals("POST")) {
                requireSystemManager(site, user);
                return createUser(request, site, user);
            }
            if (path.equals(GENERATE_KEYS)) {
                return generateKeys(request, site, user);
            }
            if (path.startsWith(USER_RESOURCE + "/") && request.method().equals("GET")) {
                String name = URLDecoder.decode(path.substring(USER_RESOURCE.length() + 1), StandardCharsets.UTF_8);
                return readUser(site, user, name);
            }
            if (path.startsWith(USER_RESOURCE + "/") && request.method().equals("PUT")) {
                String name = URLDecoder.decode(path.substring(USER_RESOURCE.length() + 1), StandardCharsets.UTF_8);
                return updateUser(request, site, user, name);
            }
            if (path.startsWith(SYSTEM_SETTINGS) && request.method().equals("GET")) {
                requireSystemSettingsAccess(site, user);
                return systemSettings(site);
            }
            if (path.startsWith(SYSTEM_SETTINGS) && request.method().equals("PUT")) {
                requireSystemSettingsAccess(site, user);
                site.updateSystemSettings(documentData(request));
                return systemSettings(site);
            }
            if (path.startsWith("/api/method/")) {
                String method = path.substring("/api/method/".length());
                throw FrappeError.thrown(
                        Kind.VALIDATION,
                        "Failed to get method for command " + method + " with No module named '"
                                + method.substring(0, Math.max(0, method.lastIndexOf('.'))) + "'",
                        "Message");
            }
            if (path.startsWith("/api/resource/")) {
                requireLoggedIn(user, "Not permitted");
                String doctype = path.substring("/api/resource/".length()).split("/")[0];
                throw FrappeError.thrown(Kind.DOES_NOT_EXIST, "DocType " + doctype + " not found", "Message");
            }
            return SiteHttpServer.notFound();
        } catch (FrappeError e) {
            SiteResponse response = errors.render(e, Map.of(), "api/v1.py\", line 36, in handle_rpc_call");
            return e.kind() == Kind.AUTHENTICATION ? response.expiringSessionCookies() : response;
        }
    }

    private SiteResponse login(SiteRequest request, SiteRecord site) {
        Optional<String> usr = request.formString("usr").filter(s -> !s.isEmpty());
        Optional<String> pwd = request.formString("pwd").filter(s -> !s.isEmpty());
        if (usr.isEmpty() || pwd.isEmpty()) {
            return loginFailed("Incomplete login details");
        }
        Optional<SiteUser> user = site.userByLogin(usr.get());
        if (user.isEmpty()
                || user.get().name().equals(SiteRecord.GUEST)
                || !site.checkPassword(user.get().name(), pwd.get())) {
            return loginFailed("Invalid login credentials");
        }
        SiteUser u = user.get();
        boolean systemUser = u.userType().equals("System User");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("message", systemUser ? "Logged In" : "No App");
        body.put("home_page", systemUser ? "/app" : "/me");
        body.put("full_name", u.fullName());
        return withSession(SiteResponse.json(200, errors.write(body)), site, u);
    }

    /** {@code LoginManager.post_login}: a new session and the cookies {@code set_user_info} sets. */
    private static SiteResponse withSession(SiteResponse response, SiteRecord site, SiteUser u) {
        String sid = site.startSession(u.name());
        boolean systemUser = u.userType().equals("System User");
        return response.withCookie("sid=" + sid + "; Max-Age=259200; HttpOnly; Path=/; SameSite=Lax")
                .withCookie("system_user=" + (systemUser ? "yes" : "no") + "; Path=/; SameSite=Lax")
                .withCookie("full_name="
                        + URLEncoder.encode(u.fullName(), StandardCharsets.UTF_8)
                                .replace("+", "%20") + "; Path=/; SameSite=Lax")
                .withCookie("user_id=" + URLEncoder.encode(u.name(), StandardCharsets.UTF_8) + "; Path=/; SameSite=Lax")
                .withCookie("user_image=; Path=/; SameSite=Lax");
    }

    /**
     * {@code login_via_key(key)} (frappe/www/login.py): whitelisted for Guest, GET only, then {@code @rate_limit}
     * (5 per hour per client IP, every call counted, valid or not) which answers RateLimitExceededError — a
     * ValidationError, so 417, not 429 — then the key: found → deleted, {@code login_as} that user and
     * {@code redirect_post_login} (302 to {@code get_url("/app")}, or {@code "/me"} for a Website User);
     * missing, used or expired → a 403 "Not Permitted" page.
     */
    private SiteResponse loginViaKey(SiteRequest request, SiteRecord site) {
        if (!request.method().equals("GET")) {
            throw FrappeError.thrown(Kind.PERMISSION, "Not permitted", "Message");
        }
        if (site.overRateLimit(
                "rl:frappe.www.login.login_via_key:" + request.clientIp(), LOGIN_KEY_LIMIT, LOGIN_KEY_WINDOW)) {
            if (!respondAsJson(request)) {
                return WebPages.message(417, "Server Error", "");
            }
            throw FrappeError.thrown(Kind.RATE_LIMIT_EXCEEDED, RATE_LIMITED, "Message");
        }
        Optional<SiteUser> user =
                request.formString("key").flatMap(site::takeLoginKey).flatMap(site::user);
        if (user.isEmpty()) {
            return WebPages.message(403, "Not Permitted", "The link you trying to login is invalid or expired.");
        }
        boolean deskUser = user.get().userType().equals("System User");
        String location = SiteUrls.url(host.siteConf(site), site.name(), request.hostUrl(), deskUser ? "/app" : "/me");
        return withSession(SiteResponse.redirect(302, location), site, user.get());
    }

    /**
     * frappe/www/app.py: a Guest is sent to {@code /login?redirect-to=%2Fapp} ({@code frappe.redirect}, a 301 like
     * every website redirect); a Website User gets the 403 page; a System User the desk.
     */
    private SiteResponse desk(SiteRecord site, String user) {
        if (user.equals(SiteRecord.GUEST)) {
            return SiteResponse.redirect(301, "/login?redirect-to=%2Fapp")
                    .withHeader("Cache-Control", "no-store, no-cache, must-revalidate");
        }
        SiteUser u = site.user(user).orElseThrow();
        if (!u.userType().equals("System User")) {
            return WebPages.message(403, "Not Permitted", "You are not permitted to access this page.");
        }
        return WebPages.desk(u.name(), u.fullName(), site.setupComplete());
    }

    /** frappe/www/login.py: a Guest gets the form; someone logged in is sent on to redirect-to or /app. */
    private SiteResponse loginPage(SiteRequest request, SiteRecord site, String user) {
        if (user.equals(SiteRecord.GUEST)) {
            return WebPages.login();
        }
        String target = request.formString("redirect-to")
                .filter(r -> r.startsWith("/") && !r.startsWith("//"))
                .orElse(site.user(user).map(SiteUser::userType).orElse("").equals("System User") ? "/app" : "/me");
        return SiteResponse.redirect(301, target).withHeader("Cache-Control", "no-store, no-cache, must-revalidate");
    }

    /**
     * frappe/app.py {@code init_request}: with {@code maintenance_mode} in frappe.conf (site or common config) every
     * request raises {@code SessionStopped} before routing or authentication. {@code handle_exception} answers 503:
     * JSON for API callers ({@link #respondAsJson}), else {@code handle_session_stopped()}'s "Updating" page.
     */
    private SiteResponse sessionStopped(SiteRequest request) {
        if (respondAsJson(request)) {
            return errors.render(
                    FrappeError.raised(Kind.SESSION_STOPPED, "Session Stopped"),
                    Map.of(),
                    "app.py\", line 100, in init_request");
        }
        return WebPages.message(
                503, "Updating", "The system is being updated. Please refresh again after a few moments.", "orange");
    }

    /** frappe/app.py {@code handle_exception}: JSON for ajax, for an Accept naming JSON, or for /api/ unless text/*. */
    private static boolean respondAsJson(SiteRequest request) {
        String accept = request.header("Accept").orElse("");
        return (!accept.isEmpty()
                        && (request.header("X-Requested-With").isPresent() || accept.contains("application/json")))
                || (request.path().startsWith("/api/") && !accept.startsWith("text"));
    }

    private SiteResponse loginFailed(String message) {
        return errors.render(
                        FrappeError.raised(Kind.AUTHENTICATION, message),
                        Map.of("message", message),
                        "auth.py\", line 241, in authenticate")
                .expiringSessionCookies();
    }

    private SiteResponse createUser(SiteRequest request, SiteRecord site, String creator) {
        Map<String, Object> doc = new LinkedHashMap<>(request.form());
        if (doc.get("data") instanceof String data) {
            try {
                doc.putAll(json.readValue(data, Map.class));
            } catch (IOException e) {
                throw FrappeError.thrown(Kind.VALIDATION, "Invalid JSON in data", "Message");
            }
        }
        List<String> roles = new ArrayList<>();
        if (doc.get("roles") instanceof List<?> list) {
            for (Object row : list) {
                if (row instanceof Map<?, ?> map && map.get("role") != null) {
                    roles.add(String.valueOf(map.get("role")));
                }
            }
        }
        NewUser newUser = new NewUser(
                text(doc.get("email")),
                text(doc.get("first_name")),
                text(doc.get("last_name")),
                text(doc.get("new_password")),
                roles,
                !"0".equals(String.valueOf(doc.getOrDefault("send_welcome_email", 1))));
        SiteUser user = site.insertUser(newUser, true);
        return SiteResponse.json(200, errors.write(Map.of("data", document(user, creator))));
    }

    private SiteResponse readUser(SiteRecord site, String user, String name) {
        requireLoggedIn(user, "Not permitted");
        boolean manager = site.user(user).map(SiteUser::isSystemManager).orElse(false);
        if (!manager && !user.equals(name)) {
            throw FrappeError.thrown(Kind.PERMISSION, "Insufficient Permission for User", "Message");
        }
        SiteUser found = site.user(name)
                .orElseThrow(() -> FrappeError.thrown(Kind.DOES_NOT_EXIST, "User " + name + " not found", "Message"));
        return SiteResponse.json(200, errors.write(Map.of("data", document(found, "Administrator"))));
    }

    /**
     * {@code generate_keys(user)} (frappe/core/doctype/user/user.py, {@code @frappe.whitelist(methods=["POST"])}:
     * another method is refused before it runs, 403), {@code frappe.only_for("System Manager")} (a bare
     * PermissionError, no message), then a new secret every call, a key only when there is none.
     */
    private SiteResponse generateKeys(SiteRequest request, SiteRecord site, String user) {
        requireLoggedIn(user, "Not permitted");
        if (!request.method().equals("POST")) {
            throw FrappeError.thrown(Kind.PERMISSION, "Not permitted", "Message");
        }
        if (!site.user(user).map(SiteUser::isSystemManager).orElse(false)) {
            throw FrappeError.raised(Kind.PERMISSION, "");
        }
        Optional<String> target = request.formString("user");
        if (target.isEmpty()) {
            return SiteResponse.json(500, errors.write(Map.of("exc_type", "TypeError")));
        }
        if (site.user(target.get()).isEmpty()) {
            throw FrappeError.thrown(Kind.DOES_NOT_EXIST, "User " + target.get() + " not found", "Message");
        }
        return message(Map.of("api_secret", site.generateKeys(target.get())));
    }

    /**
     * {@code PUT /api/resource/User/<name>} (api/v1.py {@code update_doc}): the JSON body updates the doc, then
     * save. Only Administrator may touch the standard users (user.py {@code has_permission}); otherwise a System
     * Manager or the user themself. {@code new_password} is cleared from the doc in validate, so the answer never
     * holds it. Kept fields: new_password, first_name, last_name; others are accepted and not stored.
     */
    private SiteResponse updateUser(SiteRequest request, SiteRecord site, String user, String name) {
        requireLoggedIn(user, "Not permitted");
        Map<String, Object> data = documentData(request);
        SiteUser found = site.user(name)
                .orElseThrow(() -> FrappeError.thrown(Kind.DOES_NOT_EXIST, "User " + name + " not found", "Message"));
        boolean standard = name.equals(SiteRecord.ADMINISTRATOR) || name.equals(SiteRecord.GUEST);
        boolean manager = site.user(user).map(SiteUser::isSystemManager).orElse(false);
        if ((standard && !user.equals(SiteRecord.ADMINISTRATOR)) || (!manager && !user.equals(name))) {
            throw FrappeError.thrown(Kind.PERMISSION, "No permission for User", "Message");
        }
        if (data.containsKey("first_name") || data.containsKey("last_name")) {
            site.rename(name, text(data.get("first_name")), text(data.get("last_name")));
        }
        if (data.get("new_password") instanceof String password && !password.isEmpty()) {
            site.changePassword(name, password);
        }
        return SiteResponse.json(200, errors.write(Map.of("data", document(found, "Administrator"))));
    }

    /** System Settings: read and write for System Manager only (its DocPerm), PermissionError otherwise. */
    private static void requireSystemSettingsAccess(SiteRecord site, String user) {
        requireLoggedIn(user, "Not permitted");
        if (!site.user(user).map(SiteUser::isSystemManager).orElse(false)) {
            throw FrappeError.thrown(Kind.PERMISSION, "Insufficient Permission for System Settings", "Message");
        }
    }

    /** The single as {@code frappe.get_doc("System Settings").as_dict()} gives it (a single's name is its doctype). */
    private SiteResponse systemSettings(SiteRecord site) {
        String modified = timestamp(site.systemSettingsModified());
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("name", "System Settings");
        doc.put("owner", "Administrator");
        doc.put("modified", modified);
        doc.put("modified_by", "Administrator");
        doc.put("docstatus", 0);
        doc.put("idx", "0");
        doc.putAll(site.systemSettings());
        doc.put("doctype", "System Settings");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("data", doc);
        return SiteResponse.json(200, errors.write(body));
    }

    /** {@code get_request_form_data()}: the form's {@code data} field when given, else the JSON body. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> documentData(SiteRequest request) {
        Map<String, Object> data = new LinkedHashMap<>(request.form());
        if (data.get("data") instanceof String text) {
            try {
                data.putAll(json.readValue(text, Map.class));
            } catch (IOException e) {
                throw FrappeError.thrown(Kind.VALIDATION, "Invalid JSON in data", "Message");
            }
        }
        data.remove("flags");
        return data;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> setupArgs(SiteRequest request) {
        Object args = request.form().get("args");
        if (args instanceof String text) {
            try {
                args = json.readValue(text, Map.class);
            } catch (IOException e) {
                throw FrappeError.thrown(Kind.VALIDATION, "Setup failed: args is not JSON", "Setup Failed");
            }
        }
        return args instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    /**
     * {@code frappe.client.get_single_value(doctype, field)}: read permission on the doctype, then the stored value.
     * Only what Benchline reads is kept: System Settings' {@code setup_complete} (a Check: 0 or 1).
     */
    private SiteResponse singleValue(SiteRequest request, SiteRecord site, String user) {
        String doctype = request.formString("doctype").orElse("");
        String field = request.formString("field").orElse("");
        if (!doctype.equals("System Settings") || !field.equals("setup_complete")) {
            throw FrappeError.thrown(
                    Kind.VALIDATION, "The simulator keeps no " + doctype + "." + field + " value", "Message");
        }
        if (!site.user(user).map(SiteUser::isSystemManager).orElse(false)) {
            throw FrappeError.thrown(Kind.PERMISSION, "No permission for System Settings", "Message");
        }
        return message(site.setupComplete() ? 1 : 0);
    }

    private static void requireLoggedIn(String user, String message) {
        if (user.equals(SiteRecord.GUEST)) {
            throw FrappeError.thrown(Kind.PERMISSION, message, "Message");
        }
    }

    private static void requireSystemManager(SiteRecord site, String user) {
        if (!site.user(user).map(SiteUser::isSystemManager).orElse(false)) {
            throw FrappeError.thrown(Kind.PERMISSION, "Insufficient Permission for User", "Message");
        }
    }

    private SiteResponse message(Object message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("message", message);
        return SiteResponse.json(200, errors.write(body));
    }

    /** Python truthiness of a site_config value: set-config without -p stores the string "1". */
    private static boolean truthy(Object value) {
        if (value instanceof Number number) {
            return number.doubleValue() != 0;
        }
        if (value instanceof Boolean bool) {
            return bool;
        }
        return value instanceof String text && !text.isEmpty();
    }

    private static String text(Object value) {
        return value == null ? null : String.valueOf(value);
    }

    /** The whole User document as {@code frappe.get_doc(...).as_dict()} returns it, minus password fields. */
    private static Map<String, Object> document(SiteUser user, String owner) {
        String creation = timestamp(user.creation());
        String modified = timestamp(user.modified());
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("name", user.name());
        doc.put("owner", owner);
        doc.put("creation", creation);
        doc.put("modified", modified);
        doc.put("modified_by", owner);
        doc.put("docstatus", 0);
        doc.put("idx", 0);
        doc.put("enabled", 1);
        doc.put("email", user.email());
        doc.put("first_name", user.firstName());
        doc.put("last_name", user.lastName());
        doc.put("full_name", user.fullName());
        doc.put("username", user.email().substring(0, Math.max(0, user.email().indexOf('@'))));
        doc.put("language", "en");
        doc.put("time_zone", null);
        doc.put("send_welcome_email", user.sendWelcomeEmail() ? 1 : 0);
        doc.put("unsubscribed", 0);
        doc.put("user_type", user.userType());
        doc.put("api_key", user.apiKey());
        doc.put("new_password", "");
        doc.put("logout_all_sessions", 1);
        doc.put("doctype", "User");
        List<Map<String, Object>> roles = new ArrayList<>();
        int idx = 1;
        for (String role : user.roles()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", Integer.toHexString((user.name() + role).hashCode()));
            row.put("owner", owner);
            row.put("creation", creation);
            row.put("modified", modified);
            row.put("modified_by", owner);
            row.put("docstatus", 0);
            row.put("idx", idx++);
            row.put("role", role);
            row.put("parent", user.name());
            row.put("parentfield", "roles");
            row.put("parenttype", "User");
            row.put("doctype", "Has Role");
            roles.add(row);
        }
        doc.put("roles", roles);
        return doc;
    }

    private static String timestamp(java.time.Instant instant) {
        return TIMESTAMP.format(LocalDateTime.ofInstant(instant, ZoneId.systemDefault()));
    }
}
