package io.benchline.user.site;

/** What {@code POST /api/resource/User} came to. */
public sealed interface UserCreation {

    /** 200: the user now exists with the password we sent. */
    record Created(String name) implements UserCreation {}

    /** 409: a user with this email already exists; {@code existing} is what the site holds for it. */
    record AlreadyExists(ExistingUser existing) implements UserCreation {}

    /** 417: Frappe refused the user (validation, password policy, throttling); its message, HTML stripped. */
    record Rejected(String message) implements UserCreation {}

    /** The site could not be used; see {@link SiteFailure.Kind}. */
    record Failed(SiteFailure failure) implements UserCreation {}
}
