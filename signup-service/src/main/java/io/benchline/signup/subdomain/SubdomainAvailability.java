package io.benchline.signup.subdomain;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The answer to the form's live check; {@code reason} says why a name is not available. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SubdomainAvailability(String subdomain, boolean available, String reason, String detail) {

    public enum Reason {
        INVALID,
        RESERVED,
        TAKEN
    }

    static SubdomainAvailability available(String subdomain) {
        return new SubdomainAvailability(subdomain, true, null, null);
    }

    static SubdomainAvailability unavailable(String subdomain, Reason reason, String detail) {
        return new SubdomainAvailability(subdomain, false, reason.name().toLowerCase(java.util.Locale.ROOT), detail);
    }
}
