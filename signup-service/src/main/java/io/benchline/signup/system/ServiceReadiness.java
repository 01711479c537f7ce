package io.benchline.signup.system;

/**
 * Whether this instance can do its work yet: take a signup's claim and answer from the status stores. Until it can,
 * requests are told to come back instead of failing half-way ({@link RefuseUntilReady}).
 */
public interface ServiceReadiness {

    boolean isReady();
}
