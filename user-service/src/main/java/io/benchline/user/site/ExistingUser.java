package io.benchline.user.site;

import java.util.List;

/** A User document as the site returns it, reduced to what decides whether it is the one we would create. */
public record ExistingUser(String name, boolean enabled, String firstName, List<String> roles) {

    public boolean isSystemManager() {
        return roles.contains("System Manager");
    }
}
