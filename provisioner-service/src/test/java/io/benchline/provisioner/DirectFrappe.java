package io.benchline.provisioner;

import io.benchline.simulator.fixture.SimulatedBenchHost;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.function.UnaryOperator;

/**
 * Frappe on a simulated bench host reached straight at gunicorn, the site chosen by {@code X-Frappe-Site-Name} as
 * nginx's port-80 server would forward it (the JDK client cannot set Host): what a test asks a site behind the
 * provisioner's back. (A call with the site's API keys is {@link io.benchline.testing.SiteKeys#loggedUser}.)
 */
final class DirectFrappe {

    private DirectFrappe() {}

    /** The status of {@code POST /api/method/login} as Administrator with {@code password}. */
    static int login(SimulatedBenchHost host, String site, String password) {
        return send(
                        host,
                        site,
                        "/api/method/login",
                        request -> request.header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(
                                        "{\"usr\":\"Administrator\",\"pwd\":\"" + password + "\"}")))
                .statusCode();
    }

    /** {@code GET /api/method/frappe.www.login.login_via_key?key=…}: the one-time login link's target. */
    static HttpResponse<String> loginViaKey(SimulatedBenchHost host, String site, String key) {
        return send(host, site, "/api/method/frappe.www.login.login_via_key?key=" + key, HttpRequest.Builder::GET);
    }

    /** The status of a plain {@code GET path} (e.g. {@code /login}): 503 in maintenance mode, 404 once dropped. */
    static int status(SimulatedBenchHost host, String site, String path) {
        return send(host, site, path, HttpRequest.Builder::GET).statusCode();
    }

    private static HttpResponse<String> send(
            SimulatedBenchHost host, String site, String pathAndQuery, UnaryOperator<HttpRequest.Builder> shape) {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create(host.simulator.gunicornBaseUrl() + pathAndQuery))
                .header("X-Frappe-Site-Name", site);
        try {
            return HttpClient.newHttpClient().send(shape.apply(request).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
