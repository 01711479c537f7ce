package io.benchline.simulator.rest;

/**
 * The HTML Frappe's website renders for the pages the simulator serves: {@code respond_as_web_page} message pages,
 * the login page and the desk. Shaped like Frappe's templates (titles, ids, the desk's boot) without their assets.
 */
final class WebPages {

    private WebPages() {}

    /** {@code frappe.respond_as_web_page(title, message, http_status_code, indicator_color="red")}. */
    static SiteResponse message(int status, String title, String message) {
        return message(status, title, message, "red");
    }

    /** {@code frappe.respond_as_web_page(title, message, http_status_code, indicator_color=…)}. */
    static SiteResponse message(int status, String title, String message, String indicator) {
        return SiteResponse.html(
                status,
                "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + escape(title)
                        + "</title>\n</head>\n<body>\n<div class=\"page-card\">\n"
                        + "<h4 class=\"page-card-head\"><span class=\"indicator " + indicator + "\">" + escape(title)
                        + "</span></h4>\n<p>" + escape(message) + "</p>\n"
                        + "<div><a href=\"/\" class=\"btn btn-primary btn-sm\">Home</a></div>\n</div>\n</body>\n</html>\n");
    }

    /** frappe/www/login.html for a Guest: the email and password form posting to /api/method/login. */
    static SiteResponse login() {
        return SiteResponse.html(
                200,
                "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Login</title>\n"
                        + "</head>\n<body>\n<section class=\"for-login\">\n"
                        + "<form class=\"form-signin form-login\" role=\"form\">\n"
                        + "<input type=\"text\" id=\"login_email\" class=\"form-control\""
                        + " placeholder=\"jane@example.com\" required autofocus autocomplete=\"username\">\n"
                        + "<input type=\"password\" id=\"login_password\" class=\"form-control\""
                        + " placeholder=\"•••••\" autocomplete=\"current-password\" required>\n"
                        + "<button class=\"btn btn-sm btn-primary btn-block btn-login\" type=\"submit\">Login</button>\n"
                        + "</form>\n</section>\n</body>\n</html>\n");
    }

    /**
     * frappe/www/app.html for a System User: the desk with its boot ({@code frappe.boot}), which the desk's router
     * reads to open the setup wizard ({@code /app/setup-wizard}) while setup is not complete. The element with
     * {@code data-user} and {@code data-setup-wizard} is the simulator's own, so a browser test can read both.
     */
    static SiteResponse desk(String user, String fullName, boolean setupComplete) {
        String name = escape(user);
        String bootUser = user.replace("\\", "\\\\").replace("\"", "\\\"").replace("<", "\\u003c");
        return SiteResponse.html(
                200,
                "<!DOCTYPE html>\n<html lang=\"en\" dir=\"ltr\">\n<head>\n<meta charset=\"utf-8\">\n"
                        + "<title>ERPNext</title>\n</head>\n<body>\n"
                        + "<div id=\"desk\" data-user=\"" + name + "\" data-setup-wizard=\""
                        + (setupComplete ? "complete" : "pending") + "\">\n"
                        + "<p>Logged in as " + escape(fullName) + " (" + name + ").</p>\n"
                        + (setupComplete
                                ? "<p>Setup complete.</p>\n"
                                : "<p>Setup wizard pending: the desk opens <a href=\"/app/setup-wizard\">"
                                        + "/app/setup-wizard</a>.</p>\n")
                        + "</div>\n<script>\nfrappe.boot = {\"user\": {\"name\": \"" + bootUser
                        + "\"}, \"setup_complete\": " + (setupComplete ? 1 : 0) + "};\n</script>\n"
                        + "</body>\n</html>\n");
    }

    static String escape(String text) {
        return text == null
                ? ""
                : text.replace("&", "&amp;")
                        .replace("<", "&lt;")
                        .replace(">", "&gt;")
                        .replace("\"", "&quot;")
                        .replace("'", "&#39;");
    }
}
