package io.benchline.operator.view;

import io.benchline.operator.tenant.TenantSnapshot;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;

/**
 * Where a page of a list ended: the last item's position in the list order (newest {@code acceptedAt} first, then
 * {@code tenantId}). On the wire it is opaque (base64url); clients pass back what they were given.
 */
public record ListCursor(Instant acceptedAt, String tenantId) {

    /** The order of every list: newest first by acceptedAt (unknown last), then by tenantId. */
    static final Comparator<TenantSnapshot> ORDER = Comparator.comparing(
                    ListCursor::acceptedAtOf, Comparator.reverseOrder())
            .thenComparing(TenantSnapshot::tenantId, Comparator.nullsLast(Comparator.naturalOrder()));

    private static final String VERSION = "v1";

    static ListCursor after(TenantSnapshot snapshot) {
        return new ListCursor(acceptedAtOf(snapshot), snapshot.tenantId());
    }

    /** True when {@code snapshot} comes after this position in {@link #ORDER}. */
    boolean precedes(TenantSnapshot snapshot) {
        int byTime = acceptedAtOf(snapshot).compareTo(acceptedAt);
        if (byTime != 0) {
            return byTime < 0;
        }
        return snapshot.tenantId() != null && snapshot.tenantId().compareTo(tenantId) > 0;
    }

    public String encode() {
        String plain = VERSION + ":" + acceptedAt.getEpochSecond() + ":" + acceptedAt.getNano() + ":" + tenantId;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /** @throws IllegalArgumentException when {@code text} is not a cursor this service gave out */
    public static ListCursor decode(String text) {
        try {
            String plain = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
            String[] parts = plain.split(":", 4);
            if (parts.length != 4 || !parts[0].equals(VERSION) || parts[3].isEmpty()) {
                throw new IllegalArgumentException("not a cursor");
            }
            return new ListCursor(
                    Instant.ofEpochSecond(Long.parseLong(parts[1]), Integer.parseInt(parts[2])), parts[3]);
        } catch (RuntimeException e) {
            // Base64, number and instant errors alike: the client sent something we never gave out.
            throw new IllegalArgumentException("cursor is not one this API returned", e);
        }
    }

    private static Instant acceptedAtOf(TenantSnapshot snapshot) {
        return snapshot.acceptedAt() == null ? Instant.EPOCH : snapshot.acceptedAt();
    }
}
