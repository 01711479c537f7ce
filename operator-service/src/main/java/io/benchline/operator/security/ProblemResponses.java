package io.benchline.operator.security;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.BearerTokenError;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * 401 and 403 as {@code application/problem+json} with the {@code WWW-Authenticate: Bearer} challenge of RFC 6750
 * (Spring's bearer entry point and denied handler send the header with an empty body).
 */
final class ProblemResponses implements ServerAuthenticationEntryPoint, ServerAccessDeniedHandler {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** No or invalid token: 401, the challenge naming the error when the token was there but not accepted. */
    @Override
    public Mono<Void> commence(ServerWebExchange exchange, AuthenticationException failure) {
        String challenge = "Bearer";
        String detail = "a bearer token is required";
        if (failure instanceof OAuth2AuthenticationException oauth
                && oauth.getError() instanceof BearerTokenError error) {
            challenge = "Bearer error=\"" + error.getErrorCode() + "\"";
            detail = "the bearer token is not accepted: "
                    + (error.getDescription() == null ? error.getErrorCode() : error.getDescription());
        }
        return write(exchange, HttpStatus.UNAUTHORIZED, challenge, detail);
    }

    /** Valid token without the scope: 403. */
    @Override
    public Mono<Void> handle(ServerWebExchange exchange, AccessDeniedException denied) {
        return write(
                exchange,
                HttpStatus.FORBIDDEN,
                "Bearer error=\"insufficient_scope\"",
                "the token's scope does not allow " + exchange.getRequest().getMethod() + " on this resource");
    }

    private static Mono<Void> write(ServerWebExchange exchange, HttpStatus status, String challenge, String detail) {
        ServerHttpResponse response = exchange.getResponse();
        response.setStatusCode(status);
        response.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, challenge);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", status.getReasonPhrase());
        problem.put("status", status.value());
        problem.put("detail", detail);
        problem.put("instance", exchange.getRequest().getPath().value());
        DataBuffer body =
                response.bufferFactory().wrap(JSON.writeValueAsString(problem).getBytes(StandardCharsets.UTF_8));
        return response.writeWith(Mono.just(body));
    }
}
