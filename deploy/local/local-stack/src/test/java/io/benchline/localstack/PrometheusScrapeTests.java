package io.benchline.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrometheusScrapeTests {

    private static PrometheusScrape histogram(int upTo10ms, int upTo50ms, int upTo1s, int all) {
        return PrometheusScrape.parse(String.join(
                "\n",
                "# TYPE view_delay_seconds histogram",
                "view_delay_seconds_bucket{le=\"0.01\"} " + upTo10ms,
                "view_delay_seconds_bucket{le=\"0.05\"} " + upTo50ms,
                "view_delay_seconds_bucket{le=\"1.0\"} " + upTo1s,
                "view_delay_seconds_bucket{le=\"+Inf\"} " + all,
                "view_delay_seconds_count " + all));
    }

    @Test
    void quantileSinceReadsOnlyTheObservationsBetweenTheTwoScrapes() {
        // Before: 100 fast observations. Between the scrapes: 10 more fast ones, 80 up to 50 ms, 10 up to 1 s.
        PrometheusScrape before = histogram(100, 100, 100, 100);
        PrometheusScrape after = histogram(110, 190, 200, 200);

        assertThat(after.quantileSince(before, "view_delay_seconds", 0.05)).isEqualTo(0.01);
        assertThat(after.quantileSince(before, "view_delay_seconds", 0.50)).isEqualTo(0.05);
        assertThat(after.quantileSince(before, "view_delay_seconds", 0.99)).isEqualTo(1.0);
    }

    @Test
    void quantileSinceIsNaNWhenNothingWasObservedAndInfinityPastTheLastBound() {
        PrometheusScrape before = histogram(5, 5, 5, 5);

        assertThat(histogram(5, 5, 5, 5).quantileSince(before, "view_delay_seconds", 0.5))
                .isNaN();
        assertThat(histogram(5, 5, 5, 15).quantileSince(before, "view_delay_seconds", 0.5))
                .isEqualTo(Double.POSITIVE_INFINITY);
    }
}
