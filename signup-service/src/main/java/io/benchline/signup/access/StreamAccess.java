package io.benchline.signup.access;

import io.benchline.signup.system.SignupProperties;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.HttpCookie;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;

/**
 * Hands a signup's token to the browser and finds it again on later requests: an HttpOnly, SameSite=Strict cookie
 * scoped to that signup's path (so several signups in one browser do not collide), a {@code token} query
 * parameter (what {@code eventsUrl} carries, for frontends on another site), or an {@code Authorization: Bearer}
 * header.
 */
@Component
public class StreamAccess {

    public static final String COOKIE = "benchline_signup";
    public static final String TOKEN_PARAMETER = "token";

    private final StreamTokens tokens;
    private final SignupProperties.StreamAccess settings;

    public StreamAccess(StreamTokens tokens, SignupProperties properties) {
        this.tokens = tokens;
        this.settings = properties.streamAccess();
    }

    public String issue(UUID tenantId) {
        return tokens.issue(tenantId);
    }

    public ResponseCookie cookie(UUID tenantId, String token) {
        return ResponseCookie.from(COOKIE, token)
                .httpOnly(true)
                .secure(settings.secureCookie())
                .sameSite("Strict")
                .path(signupPath(tenantId))
                .maxAge(Duration.from(settings.tokenLifetime()))
                .build();
    }

    public static String signupPath(UUID tenantId) {
        return "/api/signups/" + tenantId;
    }

    /** What the request proves about {@code tenantId}: no credential, a wrong one, or a valid one. */
    public Verdict check(ServerHttpRequest request, UUID tenantId) {
        Optional<String> token = tokenOf(request);
        if (token.isEmpty()) {
            return Verdict.MISSING;
        }
        return tokens.permits(token.get(), tenantId) ? Verdict.GRANTED : Verdict.DENIED;
    }

    private static Optional<String> tokenOf(ServerHttpRequest request) {
        String query = request.getQueryParams().getFirst(TOKEN_PARAMETER);
        if (query != null && !query.isBlank()) {
            return Optional.of(query);
        }
        String authorization = request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.startsWith("Bearer ")) {
            return Optional.of(authorization.substring("Bearer ".length()).strip());
        }
        return Optional.ofNullable(request.getCookies().getFirst(COOKIE)).map(HttpCookie::getValue);
    }

    public enum Verdict {
        MISSING,
        DENIED,
        GRANTED
    }
}
