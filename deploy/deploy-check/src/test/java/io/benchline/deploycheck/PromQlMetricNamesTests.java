package io.benchline.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromQlMetricNamesTests {

    @Test
    void findsMetricsInsideFunctionsAndAggregations() {
        assertThat(
                        PromQlMetricNames.in(
                                "sum by (job, topic) (increase(kafka_producer_topic_record_send_total{topic=~\".+-dlt\"}[10m]))"))
                .containsExactly("kafka_producer_topic_record_send_total");
    }

    @Test
    void ignoresLabelNamesStringsDurationsAndKeywords() {
        assertThat(
                        PromQlMetricNames.in(
                                "(a_total unless a_total offset 30m) > 0 or on () vector(0)"
                                        + " and ignoring (le) histogram_quantile(0.95, sum by (le, step) (rate(b_bucket{x=\"y z\"}[5m])))"))
                .containsExactlyInAnyOrder("a_total", "b_bucket");
    }

    @Test
    void keepsRecordingRuleNamesAndDropsGrafanaVariables() {
        assertThat(PromQlMetricNames.in(
                        "benchline:consumer_lag:sum > 50 and increase(c_count[$__rate_interval]) / ${d}"))
                .containsExactlyInAnyOrder("benchline:consumer_lag:sum", "c_count");
    }

    @Test
    void readsLabelReplaceArgumentsAsStrings() {
        assertThat(
                        PromQlMetricNames.in(
                                "label_replace(increase(v_total{outcome!~\"A|B\"}[1h]), \"reason\", \"$1\", \"outcome\", \"(.*)\")"))
                .containsExactly("v_total");
    }
}
