package io.benchline.user.site;

import io.benchline.events.FailureReason;

/** What {@code POST /api/resource/User} came to. */
public sealed interface UserCreation {

    /** 200: the user now exists with the password we sent. */
    record Created(String name) implements UserCreation {}

    /** 409: a user with this email already exists; {@code existing} is what the site holds for it. */
    record AlreadyExists(ExistingUser existing) implements UserCreation {}

    /**
     * The user was not created, for the signup's failure event: {@code USER_REJECTED} (417: validation, password
     * policy, throttling; Frappe's message, HTML stripped), {@code KEYS_REJECTED} (401/403), {@code SITE_ERROR}
     * (an error the site kept repeating) or {@code SITE_UNREACHABLE} (no answer at all).
     *
     * @param message for people: what the site answered, never what we sent
     */
    record Failed(FailureReason reason, String message) implements UserCreation {}
}
