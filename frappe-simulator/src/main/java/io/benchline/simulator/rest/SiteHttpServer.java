package io.benchline.simulator.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.benchline.simulator.host.SimulatedHost;
import io.benchline.simulator.host.SitePhase;
import io.benchline.simulator.host.SiteRecord;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web front of the bench host. {@link Front#NGINX} is port 80 as bench's nginx config serves it: the
 * site is picked by the Host header ONLY (nginx overwrites {@code X-Frappe-Site-Name} with {@code $host}),
 * which names reach Frappe follows {@link SimulatedHost#siteBehindNginx}. {@link Front#GUNICORN} is Frappe reached
 * directly, where {@code X-Frappe-Site-Name} wins over Host. An unknown name gets werkzeug's HTML 404 ("S does not
 * exist"); a site
 * whose tables do not exist yet (new-site still running) a 500. Paths under {@code /_simulator/} go to the
 * admin handler instead.
 */
public final class SiteHttpServer implements AutoCloseable {

    /** Which process of the host the port belongs to. */
    public enum Front {
        NGINX,
        GUNICORN
    }

    public static final String ADMIN_PREFIX = "/_simulator";

    private static final Logger log = LoggerFactory.getLogger(SiteHttpServer.class);

    private static final String NOT_FOUND_HTML = """
            <!doctype html>
            <html lang=en>
            <title>404 Not Found</title>
            <h1>Not Found</h1>
            <p>The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.</p>
            """;

    private final HttpServer server;
    private final ExecutorService workers;
    private final CountDownLatch closing = new CountDownLatch(1);
    private final SimulatedHost host;
    private final RequestFaultPolicy faults;
    private final RequestJournal journal;
    private final SiteApi api;
    private final ObjectMapper json;
    private final Front front;
    private final boolean tracebacks;

    private SiteHttpServer(
            Front front,
            HttpServer server,
            ExecutorService workers,
            SimulatedHost host,
            RequestFaultPolicy faults,
            RequestJournal journal,
            ObjectMapper json,
            boolean tracebacks) {
        this.front = front;
        this.tracebacks = tracebacks;
        this.server = server;
        this.workers = workers;
        this.host = host;
        this.faults = faults;
        this.journal = journal;
        this.json = json;
        this.api = new SiteApi(json, new FrappeErrorBody(json, tracebacks), host);
    }

    static {
        // The JDK server writes a response's headers and body as two segments; with Nagle on, the body waits for
        // the client's delayed ACK (40 ms on Linux) on every keep-alive request. Frappe's nginx/gunicorn send with
        // TCP_NODELAY, so without this each simulated REST call cost ~40 ms that no real site costs. Read once, when
        // the JVM's first HttpServer is made (sun.net.httpserver.ServerConfig); an explicit setting wins.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        // The JDK server closes, without a word, every connection that goes idle while 200 others already are; a
        // client that reuses a pooled keep-alive connection at that moment gets a reset or a premature close. nginx
        // keeps idle keep-alive connections until its keepalive_timeout (75 s) and says "Connection: close" on the
        // last of keepalive_requests (1000), so clients reusing connections (every service's pool keeps them 20 s)
        // see no such resets from a real host.
        if (System.getProperty("sun.net.httpserver.maxIdleConnections") == null) {
            System.setProperty("sun.net.httpserver.maxIdleConnections", "100000");
        }
    }

    public static SiteHttpServer start(
            Front front,
            String bindAddress,
            int port,
            SimulatedHost host,
            RequestFaultPolicy faults,
            RequestJournal journal,
            HttpHandler admin,
            boolean tracebacks) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(bindAddress, port), 64);
            AtomicInteger threads = new AtomicInteger();
            // Unbounded on purpose: a hang fault holds its thread, and other requests must still be served.
            ExecutorService workers = Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "site-http-" + threads.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            SiteHttpServer site =
                    new SiteHttpServer(front, server, workers, host, faults, journal, new ObjectMapper(), tracebacks);
            if (admin != null) {
                server.createContext(ADMIN_PREFIX, admin);
            }
            server.createContext("/", site::serve);
            server.setExecutor(workers);
            server.start();
            return site;
        } catch (IOException e) {
            throw new UncheckedIOException("HTTP server did not start", e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    static SiteResponse notFound() {
        return SiteResponse.html(404, NOT_FOUND_HTML);
    }

    /**
     * A name with no site folder (never made, dropped, renamed away): {@code init_request}'s {@code frappe.init}
     * raises {@code IncorrectSitePath(f"{site} does not exist")}, a werkzeug NotFound that {@code application}
     * returns as is, so werkzeug renders it with that description.
     */
    static SiteResponse unknownSite(String name) {
        return SiteResponse.html(
                404,
                "<!doctype html>\n<html lang=en>\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n<p>"
                        + WebPages.escape(name) + " does not exist</p>\n");
    }

    private void serve(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        String siteName = siteName(exchange);
        try {
            RequestFault fault = faults.decide(path);
            switch (fault.kind()) {
                case HANG -> {
                    journal.record(method, path, siteName, 0);
                    closing.await();
                    exchange.close();
                    return;
                }
                case FAIL -> {
                    SiteResponse failed = SiteResponse.html(fault.status(), proxyErrorPage(fault.status()));
                    // Recorded before the answer leaves, so a client that got it finds it in the record.
                    journal.record(method, path, siteName, fault.status());
                    send(exchange, failed);
                    return;
                }
                case DELAY -> TimeUnit.NANOSECONDS.sleep(fault.delay().toNanos());
                case NONE -> {}
            }
            SiteRecord site = (front == Front.NGINX ? host.siteBehindNginx(siteName) : host.site(siteName))
                    .filter(s -> s.phase() != SitePhase.ARCHIVED)
                    .orElse(null);
            SiteResponse response;
            if (site == null) {
                // Per-site TLS: nginx has no server block for the name; otherwise Frappe says the site is unknown.
                boolean unrouted = front == Front.NGINX && host.settings().perSiteTls();
                response = unrouted || siteName.isEmpty() ? notFound() : unknownSite(siteName);
            } else if (!site.databaseReady()) {
                response = tablesMissing(site);
            } else {
                response = api.handle(
                        SiteRequest.read(exchange, site.name(), json, clientIp(exchange), scheme(exchange)), site);
            }
            journal.record(method, path, siteName, response.status());
            send(exchange, response);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.close();
        } catch (RuntimeException e) {
            log.warn("Simulator error while answering a site request", e);
            journal.record(method, path, siteName, 500);
            send(exchange, SiteResponse.json(500, "{\"exc_type\":\"Exception\"}"));
        }
    }

    /**
     * Through nginx the Host alone ({@code proxy_set_header X-Frappe-Site-Name $host}); straight to gunicorn
     * X-Frappe-Site-Name wins over Host, as in Frappe's {@code init_request}. The port is not part of a name.
     */
    private String siteName(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("X-Frappe-Site-Name");
        if (front == Front.GUNICORN && header != null && !header.isBlank()) {
            return header.strip().toLowerCase(Locale.ROOT);
        }
        String hostHeader = exchange.getRequestHeaders().getFirst("Host");
        if (hostHeader == null) {
            return "";
        }
        String name = hostHeader.strip();
        if (name.startsWith("[")) {
            return name.substring(0, name.indexOf(']') + 1);
        }
        int colon = name.indexOf(':');
        return (colon >= 0 ? name.substring(0, colon) : name).toLowerCase(Locale.ROOT);
    }

    /**
     * {@code frappe.local.request_ip}: the first X-Forwarded-For address, else the peer. Through nginx that header
     * is always the peer ({@code proxy_set_header X-Forwarded-For $remote_addr}), whatever the client sent.
     */
    private String clientIp(HttpExchange exchange) {
        String peer = exchange.getRemoteAddress().getAddress().getHostAddress();
        String forwarded = exchange.getRequestHeaders().getFirst("X-Forwarded-For");
        if (front == Front.NGINX || forwarded == null || forwarded.isBlank()) {
            return peer;
        }
        return forwarded.split(",")[0].strip();
    }

    /** X-Forwarded-Proto: this nginx listens on plain HTTP; gunicorn trusts what it is given. */
    private String scheme(HttpExchange exchange) {
        String forwarded = exchange.getRequestHeaders().getFirst("X-Forwarded-Proto");
        return front == Front.NGINX || forwarded == null ? "http" : forwarded.strip();
    }

    /** A site folder whose site_config.json names a database that has no tables yet: Frappe fails the request. */
    private SiteResponse tablesMissing(SiteRecord site) {
        String line = "pymysql.err.ProgrammingError: (1146, \"Table '"
                + site.config().get("db_name") + ".tabDefaultValue' doesn't exist\")";
        Map<String, Object> body = new LinkedHashMap<>();
        if (tracebacks) {
            body.put("exception", line);
        }
        body.put("exc_type", "ProgrammingError");
        try {
            return SiteResponse.json(500, json.writeValueAsString(body));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("maps of strings always serialize", e);
        }
    }

    private static String proxyErrorPage(int status) {
        String reason = switch (status) {
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Temporarily Unavailable";
            case 504 -> "Gateway Time-out";
            default -> "Error";
        };
        return "<html>\r\n<head><title>" + status + " " + reason + "</title></head>\r\n<body>\r\n<center><h1>" + status
                + " " + reason + "</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";
    }

    private static void send(HttpExchange exchange, SiteResponse response) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", response.contentType());
        response.headers().forEach(exchange.getResponseHeaders()::set);
        for (String cookie : response.setCookies()) {
            exchange.getResponseHeaders().add("Set-Cookie", cookie);
        }
        exchange.sendResponseHeaders(response.status(), response.body().length == 0 ? -1 : response.body().length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(response.body());
        }
    }

    /** Releases held requests and stops accepting new ones. */
    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        workers.shutdownNow();
    }
}
