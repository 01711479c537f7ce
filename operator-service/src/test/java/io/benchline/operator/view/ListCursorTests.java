package io.benchline.operator.view;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.benchline.operator.tenant.TenantSnapshot;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class ListCursorTests {

    private static final Instant T = Instant.parse("2026-11-28T09:00:00.123456789Z");

    @Test
    void survivesTheWireUnchanged() {
        ListCursor cursor = new ListCursor(T, "6f1c2a7e-0000-4000-8000-000000000001");

        String text = cursor.encode();

        assertThat(text).matches("[A-Za-z0-9_-]+");
        assertThat(ListCursor.decode(text)).isEqualTo(cursor);
    }

    @Test
    void refusesWhatItNeverGaveOut() {
        for (String text :
                List.of("%%%", base64("v1:abc:0:x"), base64("v2:1:0:x"), base64("v1:1:0:"), base64("plain text"))) {
            assertThatThrownBy(() -> ListCursor.decode(text)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void nextPageStartsStrictlyAfterTheLastItemInNewestFirstOrder() {
        TenantSnapshot last = snapshot("b", T);
        ListCursor cursor = ListCursor.after(last);

        assertThat(cursor.precedes(last)).isFalse();
        assertThat(cursor.precedes(snapshot("a", T))).isFalse();
        assertThat(cursor.precedes(snapshot("c", T))).isTrue();
        assertThat(cursor.precedes(snapshot("a", T.minusMillis(1)))).isTrue();
        assertThat(cursor.precedes(snapshot("z", T.plusMillis(1)))).isFalse();
    }

    @Test
    void orderIsNewestFirstThenTenantId() {
        List<TenantSnapshot> sorted =
                List.of(snapshot("b", T), snapshot("a", T.minusSeconds(1)), snapshot("a", T)).stream()
                        .sorted(ListCursor.ORDER)
                        .toList();

        assertThat(sorted)
                .extracting(s -> s.tenantId() + "@" + s.acceptedAt())
                .containsExactly("a@" + T, "b@" + T, "a@" + T.minusSeconds(1));
    }

    private static String base64(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static TenantSnapshot snapshot(String tenantId, Instant acceptedAt) {
        return new TenantSnapshot(
                tenantId,
                null,
                null,
                null,
                null,
                null,
                null,
                false,
                false,
                null,
                1,
                null,
                null,
                null,
                acceptedAt,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
    }
}
