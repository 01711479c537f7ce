package io.benchline.provisioner.pool;

import io.benchline.provisioner.bench.SiteName;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Standby sites are {@code <12 lowercase hex>.standby.invalid}: RFC 2606 reserves {@code .invalid}, so no customer
 * subdomain under a site domain can ever be one, and no DNS name leads to one.
 */
final class StandbyName {

    static final String DOMAIN = "standby.invalid";
    private static final Pattern NAME = Pattern.compile("[0-9a-f]{12}\\.standby\\.invalid");
    private static final SecureRandom RANDOM = new SecureRandom();

    private StandbyName() {}

    static SiteName random() {
        byte[] bytes = new byte[6];
        RANDOM.nextBytes(bytes);
        return new SiteName(HexFormat.of().formatHex(bytes) + "." + DOMAIN);
    }

    static boolean isStandby(String name) {
        return name != null && NAME.matcher(name).matches();
    }
}
