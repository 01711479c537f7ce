package io.benchline.operator.canary;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.reactive.function.client.ClientResponse;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;

/** An API's response read whole: status, Location and the JSON body (problem+json on errors; missing if none). */
record HttpAnswer(HttpStatusCode status, String location, JsonNode body) {

    static Mono<HttpAnswer> read(ClientResponse response) {
        String location = response.headers().asHttpHeaders().getFirst(HttpHeaders.LOCATION);
        return response.bodyToMono(JsonNode.class)
                .onErrorResume(e -> Mono.empty())
                .map(body -> new HttpAnswer(response.statusCode(), location, body))
                .defaultIfEmpty(new HttpAnswer(response.statusCode(), location, MissingNode.getInstance()));
    }

    /** The status and the problem's title (never its detail, which may echo input). */
    String describe() {
        String title = body.path("title").asString("");
        return status.value() + (title.isEmpty() ? "" : " (" + title + ")");
    }
}
