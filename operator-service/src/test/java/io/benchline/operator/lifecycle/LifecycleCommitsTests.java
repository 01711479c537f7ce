package io.benchline.operator.lifecycle;

import static io.benchline.operator.lifecycle.LifecycleEvents.deprovision;
import static io.benchline.operator.lifecycle.LifecycleEvents.operationCompleted;
import static io.benchline.operator.lifecycle.Tenants.awaitRequest;
import static io.benchline.operator.lifecycle.Tenants.awaitSnapshot;
import static org.assertj.core.api.Assertions.assertThat;

import io.benchline.events.SiteOperation;
import io.benchline.events.SiteOperationRequested;
import io.benchline.operator.tenant.TenantState;
import io.benchline.testing.Publish;
import io.benchline.testing.StreamsCommits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;

/**
 * The lifecycle commits when it has something to commit: every commit under exactly-once is a transaction that
 * writes an offset for each input partition its tasks consumed, so a lifecycle with nothing to do must not commit
 * (Kafka Streams commits a task after each of its punctuations: the deletion check runs only while a deprovisioning
 * waits). The instance runs with a 50 ms commit interval and a 200 ms check interval.
 */
class LifecycleCommitsTests {

    private static final String API = "/benchline/operator-service";
    private static final String PROVISIONER = "/benchline/provisioner-service";
    /** Ten check intervals: a check on any task in that time commits it. */
    private static final Duration QUIET = Duration.ofSeconds(2);

    @TempDir
    static Path state;

    @AutoClose
    private static LifecycleInstance lifecycle;

    @BeforeAll
    static void start() {
        lifecycle = LifecycleInstance.start(state);
    }

    @Test
    void commitsNothingWhileNoDeprovisioningWaitsAndFinishesOneThatDoes() {
        UUID tenantId = TenantLifecycleBrokerTests.activeTenant();
        awaitNoCommitFor(QUIET);

        Publish.event(API, deprovision(tenantId, "deprovision-quiet", 0));
        SiteOperationRequested suspend = awaitRequest(tenantId, 1);
        assertThat(suspend.getOperation()).isEqualTo(SiteOperation.SUSPEND);
        Publish.event(PROVISIONER, operationCompleted(tenantId, suspend.getOperationId(), SiteOperation.SUSPEND, true));
        // The grace (0 s) has ended and the site is suspended: the check asks for the archive.
        SiteOperationRequested archive = awaitRequest(tenantId, 2);
        assertThat(archive.getOperation()).isEqualTo(SiteOperation.ARCHIVE);
        Publish.event(PROVISIONER, operationCompleted(tenantId, archive.getOperationId(), SiteOperation.ARCHIVE, true));
        awaitSnapshot(tenantId, s -> s.tenantState() == TenantState.DELETED);

        // Nothing waits any more: the check is off again.
        awaitNoCommitFor(QUIET);
    }

    private static void awaitNoCommitFor(Duration quiet) {
        StreamsCommits.awaitNoCommitFor(
                () -> lifecycle
                        .bean(StreamsBuilderFactoryBean.class)
                        .getKafkaStreams()
                        .metrics(),
                quiet);
    }
}
