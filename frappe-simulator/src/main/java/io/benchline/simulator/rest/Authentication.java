package io.benchline.simulator.rest;

import io.benchline.simulator.host.FrappeError;
import io.benchline.simulator.host.SiteRecord;
import io.benchline.simulator.host.SiteUser;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * Frappe's {@code validate_auth} (frappe/auth.py): API key and secret checked against the database on every
 * request ({@code token k:s} or {@code Basic base64(k:s)}), else the {@code sid} cookie, else Guest. A header
 * that splits into exactly two parts but leaves the user Guest (a token without a colon, an unknown scheme)
 * raises AuthenticationError (401); a header that does not split into two parts is ignored (Guest, so a
 * protected endpoint answers 403).
 */
final class Authentication {

    /** Returns the user name, {@link SiteRecord#GUEST} when nobody is authenticated. */
    static String user(SiteRequest request, SiteRecord site) {
        Optional<String> header = request.header("Authorization");
        if (header.isPresent()) {
            // Python's str.split(" "): consecutive spaces make empty parts, so they are not two parts.
            String[] parts = header.get().split(" ", -1);
            if (parts.length == 2) {
                Optional<String> user = apiKeyUser(parts[0], parts[1], site)
                        .or(() -> request.cookie("sid").flatMap(site::sessionUser));
                // auth.py: a two-part header that leaves the user Guest is an AuthenticationError.
                return user.orElseThrow(() -> FrappeError.raised(FrappeError.Kind.AUTHENTICATION, ""));
            }
        }
        return request.cookie("sid").flatMap(site::sessionUser).orElse(SiteRecord.GUEST);
    }

    private static Optional<String> apiKeyUser(String type, String token, SiteRecord site) {
        String pair;
        if (type.equalsIgnoreCase("token")) {
            pair = token;
        } else if (type.equalsIgnoreCase("basic")) {
            try {
                pair = new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw FrappeError.thrown(
                        FrappeError.Kind.VALIDATION,
                        "Failed to decode token, please provide a valid base64-encoded token.",
                        "Message");
            }
        } else {
            return Optional.empty();
        }
        String[] keyAndSecret = pair.split(":", -1);
        if (keyAndSecret.length != 2) {
            return Optional.empty();
        }
        return Optional.of(site.userForApiKey(keyAndSecret[0], keyAndSecret[1])
                .map(SiteUser::name)
                .orElseThrow(() -> FrappeError.raised(FrappeError.Kind.AUTHENTICATION, "")));
    }

    private Authentication() {}
}
