package io.benchline.operator.api;

import org.springframework.security.oauth2.jwt.Jwt;

/** Who is asking: the {@code sub} of the bearer token, recorded as the command's {@code operator}. */
final class Operators {

    private Operators() {}

    static String of(Jwt token) {
        String subject = token == null ? null : token.getSubject();
        if (subject == null || subject.isBlank()) {
            throw OpsProblem.forbidden("the token names no operator (sub claim)");
        }
        return subject;
    }
}
