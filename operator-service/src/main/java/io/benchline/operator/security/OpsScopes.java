package io.benchline.operator.security;

/** The authorities that the {@code scope} claim's {@code ops:read} and {@code ops:write} become. */
final class OpsScopes {

    static final String READ = "SCOPE_ops:read";
    static final String WRITE = "SCOPE_ops:write";

    private OpsScopes() {}
}
