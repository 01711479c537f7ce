package io.benchline.localstack;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What an operator's curl does with operator-service's {@code /ops} API: a bearer token (or none) on every request, an
 * {@code Idempotency-Key} on every command.
 */
final class OperatorClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String baseUrl;
    private final String token;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** @param token a bare JWT, or null for requests without {@code Authorization} */
    OperatorClient(String baseUrl, String token) {
        this.baseUrl = baseUrl;
        this.token = token;
    }

    /** The same API with another credential (null: none). */
    OperatorClient as(String otherToken) {
        return new OperatorClient(baseUrl, otherToken);
    }

    record Answer(int status, Map<String, List<String>> headers, String text) {

        JsonNode body() {
            return text.isBlank() ? JSON.nullNode() : JSON.readTree(text);
        }

        String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream())
                    .findFirst()
                    .orElse(null);
        }
    }

    /** A list page: the items and the cursor of the next page (null on the last). */
    record Page(List<JsonNode> items, String nextCursor) {}

    Answer get(String pathAndQuery) throws IOException, InterruptedException {
        return send(request(pathAndQuery).GET());
    }

    /** {@code POST} of a command with its idempotency key (null: none sent) and JSON body (null: none). */
    Answer post(String path, String idempotencyKey, String json) throws IOException, InterruptedException {
        HttpRequest.Builder request = request(path)
                .POST(json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return send(request);
    }

    /** One page of {@code /ops/signups} or {@code /ops/tenants} with these filters (in order, URL-encoded). */
    Page list(String collection, Map<String, String> filters) throws IOException, InterruptedException {
        Answer answer = get("/ops/" + collection + query(filters));
        if (answer.status() != 200) {
            throw new IllegalStateException(
                    "GET /ops/" + collection + " answered " + answer.status() + ": " + answer.text());
        }
        JsonNode body = answer.body();
        List<JsonNode> items = new ArrayList<>();
        body.path("items").forEach(items::add);
        JsonNode next = body.path("nextCursor");
        return new Page(items, next.isNull() || next.isMissingNode() ? null : next.asString());
    }

    /** Every page of a list, following nextCursor, with {@code limit} items per page. */
    List<JsonNode> listAll(String collection, Map<String, String> filters, int limit)
            throws IOException, InterruptedException {
        List<JsonNode> all = new ArrayList<>();
        Map<String, String> query = new LinkedHashMap<>(filters);
        query.put("limit", Integer.toString(limit));
        for (int pages = 0; pages < 1000; pages++) {
            Page page = list(collection, query);
            all.addAll(page.items());
            if (page.nextCursor() == null) {
                return all;
            }
            query.put("cursor", page.nextCursor());
        }
        throw new IllegalStateException("more than 1000 pages: the cursor does not advance");
    }

    /** The snapshot of one signup ({@code GET /ops/signups/{id}}), or a missing node when it is not known (yet). */
    JsonNode signup(String tenantId) throws IOException, InterruptedException {
        return one("/ops/signups/" + tenantId);
    }

    /** The snapshot of one tenant ({@code GET /ops/tenants/{id}}), or a missing node when it is not known (yet). */
    JsonNode tenant(String tenantId) throws IOException, InterruptedException {
        return one("/ops/tenants/" + tenantId);
    }

    private JsonNode one(String path) throws IOException, InterruptedException {
        Answer answer = get(path);
        if (answer.status() == 404) {
            return JSON.missingNode();
        }
        if (answer.status() != 200) {
            throw new IllegalStateException("GET " + path + " answered " + answer.status() + ": " + answer.text());
        }
        return answer.body();
    }

    static String query(Map<String, String> filters) {
        if (filters.isEmpty()) {
            return "";
        }
        return filters.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&", "?", ""));
    }

    private HttpRequest.Builder request(String pathAndQuery) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery))
                .header("Accept", "application/json, application/problem+json")
                .timeout(Duration.ofSeconds(15));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return request;
    }

    private Answer send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.headers().map(), response.body());
    }
}
