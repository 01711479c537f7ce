package io.benchline.operator.api;

import io.benchline.operator.tenant.TenantSnapshot;
import io.benchline.operator.view.ListCursor;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The query parameters of {@code GET /ops/signups} and {@code GET /ops/tenants}, checked: an unknown state or plan,
 * a {@code since} that is not ISO-8601, a cursor this API never gave out or a limit outside 1..200 is a 400.
 */
record ListFilters(String state, String plan, String host, Instant since, ListCursor cursor, int limit) {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 200;
    static final Set<String> PLANS = Set.of("free", "pro", "enterprise");

    /** @param states the state names this list knows, lower case */
    static ListFilters parse(
            String state, String plan, String host, String since, String cursor, String limit, Set<String> states) {
        String stateName = lower(state);
        if (stateName != null && !states.contains(stateName)) {
            throw OpsProblem.badRequest("state must be one of " + sorted(states));
        }
        String planName = lower(plan);
        if (planName != null && !PLANS.contains(planName)) {
            throw OpsProblem.badRequest("plan must be one of " + sorted(PLANS));
        }
        String hostName = blankToNull(host);
        if (hostName != null && hostName.length() > 255) {
            throw OpsProblem.badRequest("host is at most 255 characters");
        }
        return new ListFilters(stateName, planName, hostName, instant(since), cursor(cursor), limit(limit));
    }

    /** @param stateOf the state this list filters on, lower case (signup state or tenant state) */
    Predicate<TenantSnapshot> matching(Function<TenantSnapshot, String> stateOf) {
        return snapshot -> (state == null || state.equals(stateOf.apply(snapshot)))
                && (plan == null || plan.equals(lower(snapshot.plan())))
                && (host == null || host.equals(snapshot.host()))
                && (since == null
                        || (snapshot.acceptedAt() != null
                                && !snapshot.acceptedAt().isBefore(since)));
    }

    private static Instant instant(String since) {
        String text = blankToNull(since);
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw OpsProblem.badRequest("since must be an ISO-8601 instant, e.g. 2026-11-28T09:00:00Z");
        }
    }

    private static ListCursor cursor(String cursor) {
        String text = blankToNull(cursor);
        if (text == null) {
            return null;
        }
        try {
            return ListCursor.decode(text);
        } catch (IllegalArgumentException e) {
            throw OpsProblem.badRequest("cursor is not one this API returned; start again without it");
        }
    }

    private static int limit(String limit) {
        String text = blankToNull(limit);
        if (text == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int value = Integer.parseInt(text);
            if (value >= 1 && value <= MAX_LIMIT) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below, as an out-of-range value
        }
        throw OpsProblem.badRequest("limit must be a whole number from 1 to " + MAX_LIMIT);
    }

    static String lower(String text) {
        String value = blankToNull(text);
        return value == null ? null : value.toLowerCase(Locale.ROOT);
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    private static String sorted(Set<String> names) {
        return String.join(", ", names.stream().sorted().toList());
    }
}
