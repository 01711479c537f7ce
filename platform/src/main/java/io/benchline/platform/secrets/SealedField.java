package io.benchline.platform.secrets;

/**
 * The fields Benchline seals. Each one's {@link #wireName()} is bound into the ciphertext's associated data, so a
 * ciphertext opens only as the field it was sealed as; the wire names are the strings used before this enum and
 * must never change, or every stored ciphertext stops opening.
 */
public enum SealedField {
    API_KEY("apiKey"),
    API_SECRET("apiSecret"),
    PASSWORD("password"),
    /** A one-time login key (SecretPurpose.LOGIN_KEY). */
    LOGIN_KEY("loginKey");

    private final String wireName;

    SealedField(String wireName) {
        this.wireName = wireName;
    }

    /** The name in the associated data, as sealed since the first release. */
    public String wireName() {
        return wireName;
    }

    @Override
    public String toString() {
        return wireName;
    }
}
