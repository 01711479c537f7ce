package io.benchline.operator.api;

import io.benchline.operator.tenant.TenantSnapshot;
import io.benchline.operator.view.SnapshotPage;
import io.benchline.operator.view.TenantView;
import io.benchline.operator.view.ViewFollowers;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;
import org.springframework.stereotype.Component;

/** The read side of /ops: lists and single snapshots from this instance's view, once it has caught up. */
@Component
class TenantQueries {

    private final TenantView view;
    private final ViewFollowers followers;

    TenantQueries(TenantView view, ViewFollowers followers) {
        this.view = view;
        this.followers = followers;
    }

    <T> ListPage<T> page(
            ListFilters filters,
            Predicate<TenantSnapshot> scope,
            Function<TenantSnapshot, String> stateOf,
            Function<TenantSnapshot, T> item) {
        requireReady();
        SnapshotPage page = view.list(scope.and(filters.matching(stateOf)), filters.cursor(), filters.limit());
        return new ListPage<>(
                page.items().stream().map(item).toList(),
                page.next() == null ? null : page.next().encode());
    }

    /** @throws OpsProblem 404 when no snapshot of that tenant passes {@code scope} */
    TenantSnapshot snapshot(String tenantId, Predicate<TenantSnapshot> scope) {
        requireReady();
        return view.find(canonical(tenantId)).filter(scope).orElseThrow(() -> OpsProblem.notFound(tenantId));
    }

    void requireReady() {
        if (!followers.ready()) {
            throw OpsProblem.notReady();
        }
    }

    /** Tenant ids are UUIDs: anything else names no tenant (404, as an unknown one). */
    static UUID tenantId(String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw OpsProblem.notFound(text);
        }
    }

    private static String canonical(String text) {
        return tenantId(text).toString();
    }
}
