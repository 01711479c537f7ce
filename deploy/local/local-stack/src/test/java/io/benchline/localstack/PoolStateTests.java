package io.benchline.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PoolStateTests {

    private static final String SCRAPE = """
            # HELP benchline_pool_standbys Standby sites by state
            # TYPE benchline_pool_standbys gauge
            benchline_pool_standbys{application="provisioner-service",host="a",state="ready"} 3.0
            benchline_pool_standbys{host="a",state="building"} 2.0
            benchline_pool_standbys{state="ready",host="b"} 1.0
            benchline_pool_target{host="a"} 3.0
            benchline_pool_target{host="b"} 2.0
            benchline_pool_builds_total{host="a",outcome="ready"} 7.0
            benchline_pool_builds_total{host="a",outcome="failed"} 1.0
            benchline_pool_builds_total{host="b",outcome="ready"} 2.0
            """;

    @Test
    void readsReadyStandbysAndTargetsPerHostWhateverTheLabelOrder() {
        PoolState pool = PoolState.of(PrometheusScrape.parse(SCRAPE));

        assertThat(pool.ready()).containsEntry("a", 3).containsEntry("b", 1);
        assertThat(pool.target()).containsEntry("a", 3).containsEntry("b", 2);
        assertThat(pool.readyTotal()).isEqualTo(4);
        assertThat(pool.describe()).isEqualTo("a 3 ready of target 3, b 1 ready of target 2");
    }

    @Test
    void warmOnlyWhenEveryHostHasItsTargetReady() {
        assertThat(PoolState.of(PrometheusScrape.parse(SCRAPE)).warm())
                .as("b is short of one")
                .isFalse();
        assertThat(PoolState.of(PrometheusScrape.parse(SCRAPE.replace("host=\"b\"} 1.0", "host=\"b\"} 2.0")))
                        .warm())
                .isTrue();
        assertThat(PoolState.of(PrometheusScrape.parse("benchline_pool_target{host=\"a\"} 0.0\n"))
                        .warm())
                .as("a pool that wants nothing is no pool to wait for")
                .isFalse();
    }

    @Test
    void sumsCountersOverTheirSeries() {
        PrometheusScrape scrape = PrometheusScrape.parse(SCRAPE);

        assertThat(scrape.sum(PoolState.BUILDS, Map.of("outcome", "ready"))).isEqualTo(9.0);
        assertThat(scrape.sum(PoolState.BUILDS, Map.of())).isEqualTo(10.0);
        assertThat(scrape.sum(PoolState.RECYCLED, Map.of())).isZero();
    }
}
