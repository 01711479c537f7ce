package io.benchline.localstack.chaos;

import java.time.Instant;

/**
 * A signup the campaign's driver sent and signup-service accepted ({@code 202}). The checker does not trust the driver
 * for anything but this: an accepted signup the system has no record of is a lost one. The password is kept only to
 * look for it in plain text where it must never be (records, logs).
 */
public record AcceptedSignup(String tenantId, String subdomain, String email, String password, Instant acceptedAt) {

    @Override
    public String toString() {
        return "AcceptedSignup[" + tenantId + ", " + subdomain + "]"; // never the password
    }
}
