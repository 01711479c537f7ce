package io.benchline.simulator.host;

import java.util.List;

/** The fields of a User insert, from {@code POST /api/resource/User} or {@code bench add-system-manager}. */
public record NewUser(
        String email,
        String firstName,
        String lastName,
        String password,
        List<String> roles,
        boolean sendWelcomeEmail) {

    public NewUser {
        roles = roles == null ? List.of() : List.copyOf(roles);
    }

    /** Never print the password, whatever logs this record. */
    @Override
    public String toString() {
        return "NewUser[email=" + email + ", roles=" + roles + "]";
    }
}
