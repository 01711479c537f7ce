package io.benchline.signup.apidoc;

import java.util.List;
import java.util.Optional;

/**
 * What every public endpoint answers, as the README and the controllers define it. Every endpoint can answer 503
 * while the instance starts ({@code RefuseUntilReady}) and 400 for a {@code ;} path parameter
 * ({@code PathParameterRefusal}).
 */
final class DocumentedEndpoints {

    static final List<Endpoint> ALL = List.of(
            new Endpoint(
                    "POST",
                    "/api/signups",
                    "Sign up: claims the subdomain and starts building the site",
                    false,
                    List.of(
                            new Answer(
                                    202,
                                    "Accepted; the body has statusUrl and eventsUrl, the cookie opens them",
                                    List.of("Location", "Set-Cookie")),
                            new Answer(400, "Invalid fields (errors: [{field, message}])"),
                            new Answer(403, "An X-Benchline-Canary header that is not the canary's credential"),
                            new Answer(409, "The subdomain is taken or reserved (reason)"),
                            new Answer(413, "The body is larger than the API accepts"),
                            new Answer(415, "Not JSON"),
                            new Answer(429, "Too many signups from this client, or in all", List.of("Retry-After")),
                            starting())),
            new Endpoint(
                    "GET",
                    "/api/subdomains/{name}",
                    "Whether a subdomain is free (advice for the form; the registry decides at POST time)",
                    false,
                    List.of(
                            new Answer(200, "Availability, with reason invalid | reserved | taken"),
                            pathParameter(),
                            new Answer(429, "Too many checks from this client", List.of("Retry-After")),
                            starting())),
            new Endpoint(
                    "GET",
                    "/api/signups/{tenantId}",
                    "The signup's status and every step so far",
                    true,
                    List.of(
                            new Answer(200, "Status, steps, emailVerification, estimatedSecondsLeft, path, enterUrl"),
                            pathParameter(),
                            unauthorized(),
                            notFound(),
                            starting())),
            new Endpoint(
                    "GET",
                    "/api/signups/{tenantId}/events",
                    "Server-Sent Events: progress, verification, then completed or failed; resumes after Last-Event-ID",
                    true,
                    List.of(
                            new Answer(200, "An event stream that always ends"),
                            pathParameter(),
                            unauthorized(),
                            notFound(),
                            new Answer(
                                    429,
                                    "The signup or the client already holds its maximum of streams",
                                    List.of("Retry-After")),
                            new Answer(
                                    503,
                                    "The instance holds its maximum of streams, or is starting",
                                    List.of("Retry-After")))),
            new Endpoint(
                    "POST",
                    "/api/signups/{tenantId}/verification",
                    "Check the emailed 6-digit code",
                    true,
                    List.of(
                            new Answer(204, "Verified (also when it already was)"),
                            new Answer(400, "Not a 6-digit code, or a path parameter"),
                            unauthorized(),
                            new Answer(404, "Unknown signup, another signup's credential, or verification is off"),
                            new Answer(410, "The code has expired, or the signup ended unverified"),
                            new Answer(422, "Wrong code (attemptsLeft); nothing else changed"),
                            new Answer(429, "Too many wrong attempts for this code: ask for a new one"),
                            starting())),
            new Endpoint(
                    "POST",
                    "/api/signups/{tenantId}/verification/resend",
                    "Mail a new code",
                    true,
                    List.of(
                            new Answer(202, "A new code is on its way"),
                            pathParameter(),
                            unauthorized(),
                            new Answer(404, "Unknown signup, another signup's credential, or verification is off"),
                            new Answer(409, "The email address is already confirmed"),
                            new Answer(410, "The signup ended unverified"),
                            new Answer(
                                    429,
                                    "Wait for the cooldown (Retry-After), or no codes are left",
                                    List.of("Retry-After")),
                            new Answer(
                                    503,
                                    "The mail could not be sent, or the instance is starting",
                                    List.of("Retry-After")))),
            new Endpoint(
                    "GET",
                    "/api/signups/{tenantId}/enter",
                    "Enter the site: redirects through a fresh one-time login key",
                    true,
                    List.of(
                            new Answer(
                                    302,
                                    "To the site's login_via_key URL (or its login page past the keys or the window)",
                                    List.of("Location", "Cache-Control")),
                            pathParameter(),
                            unauthorized(),
                            notFound(),
                            new Answer(409, "The site is not ready to enter yet"),
                            new Answer(502, "The site's address could not be confirmed"),
                            starting())));

    private DocumentedEndpoints() {}

    static Optional<Endpoint> find(String method, String path) {
        return ALL.stream()
                .filter(e -> e.method().equals(method) && e.path().equals(path))
                .findFirst();
    }

    private static Answer pathParameter() {
        return new Answer(400, "A path parameter (';') in the path");
    }

    private static Answer unauthorized() {
        return new Answer(401, "No usable signup credential (none, malformed, expired, unknown key id)");
    }

    private static Answer notFound() {
        return new Answer(404, "Unknown signup, or another signup's credential");
    }

    private static Answer starting() {
        return new Answer(503, "The instance is starting", List.of("Retry-After"));
    }

    /** {@code signupCredential}: the signup's cookie, {@code ?token=} or bearer token is required. */
    record Endpoint(String method, String path, String summary, boolean signupCredential, List<Answer> answers) {}

    record Answer(int status, String description, List<String> headers) {

        Answer(int status, String description) {
            this(status, description, List.of());
        }
    }
}
