package io.benchline.simulator.host;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Frappe v15's default database name for a new site: {@code "_" + sha1(realpath(site folder))[:16]}
 * ({@code frappe/installer.py}), so the same site name always gets the same database, and a database left
 * behind by a crashed drop collides with the next new-site of that name.
 */
final class SiteDatabaseNames {

    static String forSite(String benchFolder, String site) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1")
                    .digest((benchFolder + "/sites/" + site).getBytes(StandardCharsets.UTF_8));
            return "_" + HexFormat.of().formatHex(digest).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is part of every JDK", e);
        }
    }

    private SiteDatabaseNames() {}
}
