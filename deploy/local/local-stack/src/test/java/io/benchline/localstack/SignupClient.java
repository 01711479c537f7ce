package io.benchline.localstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What a browser does with signup-service: post the form, read the status, follow the event stream. */
final class SignupClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String baseUrl;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    SignupClient(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    record Posted(int status, JsonNode body) {
        String tenantId() {
            return body.path("tenantId").asString();
        }

        String eventsUrl() {
            return body.path("eventsUrl").asString();
        }

        /** The signed token from eventsUrl, which also authorizes reading this signup's status. */
        String token() {
            String url = eventsUrl();
            return url.substring(url.indexOf("token=") + "token=".length());
        }
    }

    record SseEvent(String id, String event, JsonNode data) {}

    Posted post(String json) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(baseUrl + "/api/signups"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return new Posted(response.statusCode(), JSON.readTree(response.body()));
    }

    JsonNode status(Posted posted) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(
                                URI.create(baseUrl + "/api/signups/" + posted.tenantId() + "?token=" + posted.token()))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }

    /** {@code GET /api/subdomains/{name}}: whether the form would be told the name is free. */
    boolean available(String subdomain) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(baseUrl + "/api/subdomains/" + subdomain))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body()).path("available").asBoolean();
    }

    /** {@code POST /api/signups/{id}/verification} with the code, as the signup's page sends it; the HTTP status. */
    int verify(Posted posted, String code) throws IOException, InterruptedException {
        return http.send(
                        HttpRequest.newBuilder(
                                        URI.create(baseUrl + "/api/signups/" + posted.tenantId() + "/verification"))
                                .header("Content-Type", "application/json")
                                .header("Authorization", "Bearer " + posted.token())
                                .POST(HttpRequest.BodyPublishers.ofString("{\"code\": \"" + code + "\"}"))
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    /**
     * GET of a signup-service URL (absolute, or a path on it) without following redirects, with {@code token} as the
     * stream credential or none when null: what a browser with (or without) the signup's cookie gets.
     */
    HttpResponse<String> get(String url, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url.startsWith("/") ? baseUrl + url : url))
                .timeout(Duration.ofSeconds(30));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Reads the stream until it ends (after the terminal event) or the time is up. */
    List<SseEvent> follow(Posted posted, Duration atMost) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + posted.eventsUrl()))
                .header("Accept", "text/event-stream")
                .build();
        CompletableFuture<List<SseEvent>> events = http.sendAsync(request, HttpResponse.BodyHandlers.ofLines())
                .thenApply(response -> parse(response.body()));
        return events.get(atMost.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static List<SseEvent> parse(Stream<String> lines) {
        List<SseEvent> events = new ArrayList<>();
        String id = null;
        String event = null;
        StringBuilder data = new StringBuilder();
        for (String line : (Iterable<String>) lines::iterator) {
            if (line.isEmpty()) {
                if (!data.isEmpty()) {
                    events.add(new SseEvent(id, event, JSON.readTree(data.toString())));
                }
                id = null;
                event = null;
                data.setLength(0);
            } else if (line.startsWith("id:")) {
                id = line.substring(3).trim();
            } else if (line.startsWith("event:")) {
                event = line.substring(6).trim();
            } else if (line.startsWith("data:")) {
                data.append(line.substring(5));
            }
        }
        return events;
    }
}
