package io.benchline.operator.tenant;

/** Where a signup's pipeline is, named as the public status API names it (lower case on the wire). */
public enum SignupState {
    ACCEPTED,
    PROVISIONING,
    VERIFYING,
    CREATING_USER,
    COMPLETED,
    FAILED;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
