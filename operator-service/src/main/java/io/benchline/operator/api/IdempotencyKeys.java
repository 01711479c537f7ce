package io.benchline.operator.api;

/** The {@code Idempotency-Key} header every POST needs: 1 to 255 printable ASCII characters. */
final class IdempotencyKeys {

    static final String HEADER = "Idempotency-Key";
    static final int MAX_LENGTH = 255;

    private IdempotencyKeys() {}

    /** @throws OpsProblem 400 when the header is missing or not a valid key */
    static String require(String key) {
        if (key == null || key.isEmpty()) {
            throw OpsProblem.badRequest("the " + HEADER + " header is required (1-255 printable ASCII characters)");
        }
        if (key.length() > MAX_LENGTH || !key.chars().allMatch(c -> c >= 0x20 && c <= 0x7E)) {
            throw OpsProblem.badRequest("the " + HEADER + " header must be 1-255 printable ASCII characters");
        }
        return key;
    }
}
