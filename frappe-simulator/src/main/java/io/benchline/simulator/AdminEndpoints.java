package io.benchline.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The simulator's own HTTP API beside the sites (never under {@code /api}): the command and request
 * records, site snapshots, and fault switches for demos and tests in other processes.
 */
final class AdminEndpoints implements HttpHandler {

    private final FrappeSimulator simulator;
    private final ObjectMapper json = new ObjectMapper();

    AdminEndpoints(FrappeSimulator simulator) {
        this.simulator = simulator;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        try {
            if (path.equals("/_simulator/commands") && method.equals("GET")) {
                send(
                        exchange,
                        200,
                        simulator.commands().stream()
                                .map(AdminEndpoints::command)
                                .toList());
            } else if (path.equals("/_simulator/requests") && method.equals("GET")) {
                send(
                        exchange,
                        200,
                        simulator.requests().stream()
                                .map(AdminEndpoints::request)
                                .toList());
            } else if (path.equals("/_simulator/faults") && method.equals("GET")) {
                send(exchange, 200, simulator.faults().describe());
            } else if (path.equals("/_simulator/faults") && method.equals("DELETE")) {
                simulator.faults().clear();
                send(exchange, 200, simulator.faults().describe());
            } else if (path.equals("/_simulator/faults") && method.equals("POST")) {
                addFault(json.readValue(exchange.getRequestBody(), FaultRequest.class));
                send(exchange, 200, simulator.faults().describe());
            } else if (path.equals("/_simulator/misconfigure") && method.equals("GET")) {
                send(exchange, 200, misconfiguration());
            } else if (path.equals("/_simulator/misconfigure") && method.equals("POST")) {
                MisconfigureRequest request = json.readValue(exchange.getRequestBody(), MisconfigureRequest.class);
                if (request.modes() == null) {
                    throw new IllegalArgumentException("modes is required: {\"modes\":[\"PYPI_STALL\", …]}");
                }
                simulator.misconfigure(request.modes().stream()
                        .map(HostMisconfiguration::valueOf)
                        .toList());
                send(exchange, 200, misconfiguration());
            } else if (path.equals("/_simulator/versions") && method.equals("POST")) {
                VersionsRequest request = json.readValue(exchange.getRequestBody(), VersionsRequest.class);
                if (request.bench() != null) {
                    simulator.benchVersion(request.bench());
                }
                if (request.apps() != null) {
                    request.apps().forEach(simulator::appVersion);
                }
                send(exchange, 200, Map.of("ok", true));
            } else if (path.equals("/_simulator/leftover-database") && method.equals("POST")) {
                LeftoverDatabaseRequest request =
                        json.readValue(exchange.getRequestBody(), LeftoverDatabaseRequest.class);
                if (request.site() == null) {
                    throw new IllegalArgumentException("site is required");
                }
                simulator.leaveDatabaseWithoutSite(request.site());
                send(exchange, 200, Map.of("site", request.site()));
            } else if (path.equals("/_simulator/files") && method.equals("GET")) {
                // ?under=/abs/folder lists the files commands wrote there (backups, archived sites); never bytes.
                String query = exchange.getRequestURI().getQuery();
                String under = query == null || !query.startsWith("under=")
                        ? null
                        : java.net.URLDecoder.decode(query.substring("under=".length()), StandardCharsets.UTF_8);
                if (under == null || !under.startsWith("/")) {
                    throw new IllegalArgumentException("under is required: /_simulator/files?under=/absolute/folder");
                }
                send(exchange, 200, Map.of("under", under, "files", simulator.files(under)));
            } else if (path.startsWith("/_simulator/sites/") && method.equals("GET")) {
                String name = path.substring("/_simulator/sites/".length());
                var site = simulator.site(name);
                if (site.isPresent()) {
                    send(exchange, 200, site.get());
                } else {
                    send(exchange, 404, Map.of("error", "no site " + name));
                }
            } else {
                send(exchange, 404, Map.of("error", "unknown admin endpoint"));
            }
        } catch (IllegalArgumentException | IOException e) {
            send(exchange, 400, Map.of("error", String.valueOf(e.getMessage())));
        }
    }

    /** {@code {"modes":["PYPI_STALL", …]}}: replaces the set; empty makes the host healthy. */
    record MisconfigureRequest(List<String> modes) {}

    /** {@code {"bench":"5.22.6","apps":{"frappe":"15.55.1"}}}: what the version commands print from now on. */
    record VersionsRequest(String bench, Map<String, String> apps) {}

    /** {@code {"site":"a.localhost"}}: the site's database stays on the server without its folder. */
    record LeftoverDatabaseRequest(String site) {}

    private Map<String, Object> misconfiguration() {
        return Map.of(
                "modes",
                simulator.misconfigurations().stream().map(Enum::name).sorted().toList());
    }

    /**
     * A fault switched on over HTTP.
     *
     * @param action failCommand, hangCommand, dropConnection, failRequests, delayRequests or hangRequests
     * @param target the subcommand, or the path prefix for request faults
     * @param plan "always", or {"onCall": n}, or {"probability": p}
     */
    record FaultRequest(String action, String target, Integer status, Long delayMs, Object plan) {}

    private void addFault(FaultRequest request) {
        if (request.action() == null || request.target() == null) {
            throw new IllegalArgumentException("action and target are required");
        }
        FailurePlan plan = plan(request.plan());
        Faults faults = simulator.faults();
        switch (request.action()) {
            case "failCommand" -> faults.failCommand(request.target(), plan);
            case "hangCommand" -> faults.hangCommand(request.target(), plan);
            case "dropConnection" -> faults.dropConnection(request.target(), plan);
            case "failRequests" ->
                faults.failRequests(request.target(), request.status() == null ? 502 : request.status(), plan);
            case "delayRequests" ->
                faults.delayRequests(
                        request.target(),
                        Duration.ofMillis(request.delayMs() == null ? 1000 : request.delayMs()),
                        plan);
            case "hangRequests" -> faults.hangRequests(request.target(), plan);
            default -> throw new IllegalArgumentException("unknown action " + request.action());
        }
    }

    private static FailurePlan plan(Object plan) {
        if (plan == null || "always".equals(plan)) {
            return FailurePlan.always();
        }
        if (plan instanceof Map<?, ?> map) {
            if (map.get("onCall") instanceof Number n) {
                return FailurePlan.onCall(n.intValue());
            }
            if (map.get("probability") instanceof Number p) {
                return FailurePlan.withProbability(p.doubleValue());
            }
        }
        throw new IllegalArgumentException("plan is \"always\", {\"onCall\": n} or {\"probability\": p}");
    }

    private static Map<String, Object> command(RecordedCommand c) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("at", c.at().toString());
        out.put("commandLine", c.commandLine());
        out.put("argv", c.argv());
        out.put("exitCode", c.exitCode());
        return out;
    }

    private static Map<String, Object> request(RecordedRequest r) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("at", r.at().toString());
        out.put("method", r.method());
        out.put("path", r.path());
        out.put("site", r.site());
        out.put("status", r.status());
        return out;
    }

    private void send(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = json.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    static List<String> endpoints() {
        return List.of(
                "GET /_simulator/commands",
                "GET /_simulator/requests",
                "GET /_simulator/sites/{name}",
                "GET|POST|DELETE /_simulator/faults",
                "GET|POST /_simulator/misconfigure",
                "POST /_simulator/versions",
                "POST /_simulator/leftover-database");
    }
}
