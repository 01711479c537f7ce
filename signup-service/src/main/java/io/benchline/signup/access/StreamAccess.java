package io.benchline.signup.access;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.HttpCookie;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;

/**
 * Hands a signup's token to the browser and finds it again on later requests: an HttpOnly, SameSite=Strict cookie
 * scoped to that signup's path (for same-site pages; several signups in one browser do not collide), a
 * {@code token} query parameter (what {@code eventsUrl} carries, for frontends on another site, where SameSite
 * cookies do not travel; the access log never shows it), or an {@code Authorization: Bearer} header.
 */
@Component
public class StreamAccess {

    public static final String COOKIE = "benchline_signup";
    public static final String TOKEN_PARAMETER = "token";

    private final StreamTokens tokens;
    private final StreamAccessProperties settings;
    private final Clock clock;

    public StreamAccess(StreamTokens tokens, StreamAccessProperties settings, Clock clock) {
        this.tokens = tokens;
        this.settings = settings;
        this.clock = clock;
    }

    /** A token for the signup due at {@code deadlineAt}, valid until shortly after that deadline. */
    public String issue(UUID tenantId, Instant deadlineAt) {
        return tokens.issue(tenantId, deadlineAt);
    }

    public ResponseCookie cookie(UUID tenantId, Instant deadlineAt, String token) {
        Duration maxAge = Duration.between(clock.instant(), tokens.expiryFor(deadlineAt));
        return ResponseCookie.from(COOKIE, token)
                .httpOnly(true)
                .secure(settings.secureCookie())
                .sameSite("Strict")
                .path(signupPath(tenantId))
                .maxAge(maxAge.isNegative() ? Duration.ZERO : maxAge)
                .build();
    }

    public static String signupPath(UUID tenantId) {
        return "/api/signups/" + tenantId;
    }

    /** What the request proves about {@code tenantId}: no usable credential, someone else's, or this signup's. */
    public Verdict check(ServerHttpRequest request, UUID tenantId) {
        Optional<String> token = tokenOf(request);
        if (token.isEmpty()) {
            return new Verdict(Verdict.Outcome.UNAUTHENTICATED, null);
        }
        StreamTokens.Check check = tokens.check(token.get(), tenantId);
        Verdict.Outcome outcome = switch (check.outcome()) {
            case UNAUTHENTICATED -> Verdict.Outcome.UNAUTHENTICATED;
            case DENIED -> Verdict.Outcome.DENIED;
            case GRANTED -> Verdict.Outcome.GRANTED;
        };
        return new Verdict(outcome, check.expiresAt());
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

    /**
     * {@code UNAUTHENTICATED}: no token, or one that is malformed, expired or signed by an unknown key (401).
     * {@code DENIED}: a well-formed token that is not this signup's (404). {@code GRANTED}: until {@code expiresAt}.
     */
    public record Verdict(Outcome outcome, Instant expiresAt) {

        public boolean granted() {
            return outcome == Outcome.GRANTED;
        }

        public enum Outcome {
            UNAUTHENTICATED,
            DENIED,
            GRANTED
        }
    }
}
