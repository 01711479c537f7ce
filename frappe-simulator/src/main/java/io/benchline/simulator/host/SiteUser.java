package io.benchline.simulator.host;

import java.time.Instant;
import java.util.List;

/**
 * One row of {@code tabUser} with its roles. Mutable under the owning {@link SiteRecord}'s lock; it has no
 * {@code toString} on purpose, so a password digest or API secret never reaches a log line.
 */
public final class SiteUser {

    private final String name;
    private final String email;
    private final String firstName;
    private final String lastName;
    private final List<String> roles;
    private final Instant creation;
    private final boolean sendWelcomeEmail;
    private String passwordSalt;
    private String passwordDigest;
    private String apiKey;
    private String apiSecret;
    private Instant modified;

    SiteUser(
            String name,
            String email,
            String firstName,
            String lastName,
            List<String> roles,
            Instant creation,
            boolean sendWelcomeEmail) {
        this.name = name;
        this.email = email;
        this.firstName = firstName;
        this.lastName = lastName;
        this.roles = List.copyOf(roles);
        this.creation = creation;
        this.modified = creation;
        this.sendWelcomeEmail = sendWelcomeEmail;
    }

    public String name() {
        return name;
    }

    public String email() {
        return email;
    }

    public String firstName() {
        return firstName;
    }

    public String lastName() {
        return lastName;
    }

    public String fullName() {
        return lastName == null || lastName.isBlank() ? firstName : firstName + " " + lastName;
    }

    public List<String> roles() {
        return roles;
    }

    public boolean isSystemManager() {
        return name.equals(SiteRecord.ADMINISTRATOR) || roles.contains("System Manager");
    }

    /** Frappe makes anyone with a desk role a System User; the rest are Website Users. */
    public String userType() {
        return name.equals(SiteRecord.GUEST) || roles.isEmpty() ? "Website User" : "System User";
    }

    public Instant creation() {
        return creation;
    }

    public Instant modified() {
        return modified;
    }

    public boolean sendWelcomeEmail() {
        return sendWelcomeEmail;
    }

    public String apiKey() {
        return apiKey;
    }

    String apiSecret() {
        return apiSecret;
    }

    String passwordSalt() {
        return passwordSalt;
    }

    String passwordDigest() {
        return passwordDigest;
    }

    void password(String salt, String digest, Instant at) {
        this.passwordSalt = salt;
        this.passwordDigest = digest;
        this.modified = at;
    }

    void keys(String apiKey, String apiSecret, Instant at) {
        this.apiKey = apiKey;
        this.apiSecret = apiSecret;
        this.modified = at;
    }
}
