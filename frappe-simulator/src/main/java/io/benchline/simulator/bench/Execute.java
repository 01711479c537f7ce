package io.benchline.simulator.bench;

import io.benchline.simulator.host.FrappeError;
import io.benchline.simulator.host.PythonJson;
import io.benchline.simulator.host.SiteRecord;
import io.benchline.simulator.host.SiteUrls;
import io.benchline.simulator.host.SiteUser;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code bench --site S execute METHOD [--args A] [--kwargs K]}: calls a dotted callable, commits, and
 * prints {@code json.dumps(result)} when the result is truthy. Only the callables Benchline relies on exist.
 */
final class Execute implements BenchCommand {

    static final String GENERATE_KEYS = "frappe.core.doctype.user.user.generate_keys";
    static final String GET_VALUE = "frappe.db.get_value";
    static final String SETUP_COMPLETE = "frappe.desk.page.setup_wizard.setup_wizard.setup_complete";
    static final String GET_INSTALLED_APPS = "frappe.get_installed_apps";
    static final String TEMPORARY_LOGIN_LINK = "frappe.www.login._generate_temporary_login_link";

    private static final Pattern DOTTED = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)+");

    private static final ClickArgs.Spec SPEC =
            ClickArgs.spec("execute", List.of("METHOD"), 1, Set.of("--args", "--kwargs"), Set.of("--profile"));

    @Override
    public ClickArgs.Spec spec() {
        return SPEC;
    }

    @Override
    public int run(Invocation inv, ClickArgs args) throws InterruptedException {
        String method = args.argument(0).orElseThrow();
        SiteRecord site = inv.siteWithDatabase("User");
        List<Object> positional = positional(inv, args.option("--args"));
        Map<Object, Object> keywords = keywords(inv, args.option("--kwargs"));
        Object result;
        if (!DOTTED.matcher(method).matches()) {
            throw syntaxError(inv, method);
        }
        if (inv.fault() == CommandFault.FAIL) {
            throw inv.crash(Invocation.LOST_CONNECTION);
        }
        try {
            result = call(inv, site, method, positional, keywords);
        } catch (FrappeError e) {
            throw inv.crash(e);
        }
        inv.hangOrDropHere();
        if (truthy(result)) {
            inv.out(PythonJson.dumps(result) + "\n");
        }
        return 0;
    }

    private static Object call(
            Invocation inv, SiteRecord site, String method, List<Object> positional, Map<Object, Object> keywords) {
        Arguments arguments = new Arguments(inv, method, positional, keywords);
        return switch (method) {
            case GENERATE_KEYS -> {
                String user = arguments.required(0, "user");
                yield Map.of("api_secret", site.generateKeys(user));
            }
            case GET_VALUE -> getValue(inv, site, arguments);
            // The "installed_apps" global, written by add_to_installed_apps before after_install hooks run.
            case GET_INSTALLED_APPS -> site.installedApps();
            case SETUP_COMPLETE -> {
                Object setupArgs = arguments.requiredObject(0, "args");
                yield site.completeSetup(setupArguments(inv, setupArgs));
            }
            case TEMPORARY_LOGIN_LINK -> temporaryLoginLink(inv, site, arguments);
            default -> {
                String module = method.substring(0, method.lastIndexOf('.'));
                throw inv.crash("ModuleNotFoundError: No module named '" + module + "'");
            }
        };
    }

    /**
     * {@code _generate_temporary_login_link(email, expiry)} (frappe/www/login.py, v15: the first parameter is
     * {@code email}, develop renamed it {@code user}): {@code assert isinstance(email, str)}, the user must exist,
     * a 56-hex key kept in the cache for {@code expiry * 60} seconds, and {@code get_url(...)} of the
     * {@code login_via_key} route, built from the site's config because there is no request.
     */
    private static Object temporaryLoginLink(Invocation inv, SiteRecord site, Arguments arguments) {
        Object email = arguments.requiredObject(0, "email");
        Object expiry = arguments.requiredObject(1, "expiry");
        if (!(email instanceof String address)) {
            throw inv.crash("AssertionError");
        }
        if (!(expiry instanceof Long) && !(expiry instanceof Double)) {
            throw inv.crash("TypeError: can't multiply sequence by non-int of type 'int'");
        }
        long seconds = Math.round(((Number) expiry).doubleValue() * 60);
        if (seconds < 0) {
            throw inv.crash("redis.exceptions.ResponseError: invalid expire time in 'setex' command");
        }
        String key = site.mintLoginKey(address, seconds);
        return SiteUrls.url(
                inv.host().siteConf(site), site.name(), null, "/api/method/frappe.www.login.login_via_key?key=" + key);
    }

    private static Object getValue(Invocation inv, SiteRecord site, Arguments arguments) {
        String doctype = arguments.required(0, "doctype");
        Object filters = arguments.optional(1, "filters");
        Object fieldname =
                Optional.ofNullable(arguments.optional(2, "fieldname")).orElse("name");
        if (doctype.equals("System Settings")) {
            Object value = site.systemSettings().get(String.valueOf(fieldname));
            return value instanceof Integer number ? Long.valueOf(number) : value;
        }
        if (!doctype.equals("User")) {
            throw inv.crash("pymysql.err.ProgrammingError: (1146, \"Table '"
                    + site.config().get("db_name") + ".tab" + doctype + "' doesn't exist\")");
        }
        Optional<SiteUser> user = filters instanceof String name ? site.user(name) : Optional.empty();
        if (user.isEmpty()) {
            return null;
        }
        SiteUser u = user.get();
        return switch (String.valueOf(fieldname)) {
            case "name" -> u.name();
            case "email" -> u.email();
            case "first_name" -> u.firstName();
            case "last_name" -> u.lastName();
            case "full_name" -> u.fullName();
            case "user_type" -> u.userType();
            case "api_key" -> u.apiKey();
            case "enabled" -> 1L;
            case "api_secret" -> "*".repeat(12);
            default ->
                throw inv.crash(
                        "pymysql.err.OperationalError: (1054, \"Unknown column '" + fieldname + "' in 'field list'\")");
        };
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> setupArguments(Invocation inv, Object setupArgs) {
        if (setupArgs instanceof String json) {
            try {
                setupArgs = PythonLiteral.parse(json);
            } catch (RuntimeException e) {
                throw inv.crash("json.decoder.JSONDecodeError: Expecting value: line 1 column 1 (char 0)");
            }
        }
        if (!(setupArgs instanceof Map<?, ?> map)) {
            throw inv.crash("AttributeError: '" + pythonType(setupArgs) + "' object has no attribute 'get'");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        ((Map<Object, Object>) map).forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }

    private static List<Object> positional(Invocation inv, Optional<String> text) {
        if (text.isEmpty()) {
            return List.of();
        }
        Object value;
        try {
            value = PythonLiteral.parse(text.get());
        } catch (PythonLiteral.NameError e) {
            // Frappe: `except NameError: args = [args]`
            return List.of(text.get());
        } catch (PythonLiteral.SyntaxError e) {
            throw syntaxError(inv, text.get());
        }
        if (value instanceof List<?> list) {
            return new ArrayList<>(list);
        }
        if (value instanceof String s) {
            return new ArrayList<>(
                    s.chars().mapToObj(c -> String.valueOf((char) c)).toList());
        }
        if (value instanceof Map<?, ?> map) {
            return new ArrayList<>(map.keySet());
        }
        throw inv.crash("TypeError: frappe.core.doctype.user.user.generate_keys() argument after * must be an"
                + " iterable, not " + pythonType(value));
    }

    @SuppressWarnings("unchecked")
    private static Map<Object, Object> keywords(Invocation inv, Optional<String> text) {
        if (text.isEmpty()) {
            return Map.of();
        }
        Object value;
        try {
            value = PythonLiteral.parse(text.get());
        } catch (PythonLiteral.NameError e) {
            throw inv.crash("NameError: " + e.getMessage());
        } catch (PythonLiteral.SyntaxError e) {
            throw syntaxError(inv, text.get());
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw inv.crash("TypeError: argument after ** must be a mapping, not " + pythonType(value));
        }
        return (Map<Object, Object>) map;
    }

    private static Exit syntaxError(Invocation inv, String code) {
        String firstLine = code.lines().findFirst().orElse("");
        return inv.crash("  File \"<string>\", line 1\n    " + firstLine + "\n    ^\nSyntaxError: invalid syntax");
    }

    static boolean truthy(Object value) {
        if (value == null || Boolean.FALSE.equals(value)) {
            return false;
        }
        if (value instanceof String s) {
            return !s.isEmpty();
        }
        if (value instanceof Number n) {
            return n.doubleValue() != 0;
        }
        if (value instanceof Map<?, ?> m) {
            return !m.isEmpty();
        }
        if (value instanceof List<?> l) {
            return !l.isEmpty();
        }
        return true;
    }

    private static String pythonType(Object value) {
        if (value == null) {
            return "NoneType";
        }
        if (value instanceof Long) {
            return "int";
        }
        if (value instanceof Double) {
            return "float";
        }
        if (value instanceof Boolean) {
            return "bool";
        }
        if (value instanceof String) {
            return "str";
        }
        return value instanceof Map<?, ?> ? "dict" : "list";
    }

    /** Binds positional and keyword arguments to a Python signature, raising TypeError like Python. */
    private record Arguments(Invocation inv, String method, List<Object> positional, Map<Object, Object> keywords) {

        Object optional(int index, String name) {
            if (index < positional.size()) {
                return positional.get(index);
            }
            return keywords.get(name);
        }

        Object requiredObject(int index, String name) {
            if (index >= positional.size() && !keywords.containsKey(name)) {
                String function = method.substring(method.lastIndexOf('.') + 1);
                throw inv.crash("TypeError: " + function + "() missing 1 required positional argument: '" + name + "'");
            }
            return optional(index, name);
        }

        String required(int index, String name) {
            Object value = requiredObject(index, name);
            return value == null ? "None" : String.valueOf(value);
        }
    }
}
