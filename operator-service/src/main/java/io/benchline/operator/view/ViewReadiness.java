package io.benchline.operator.view;

import io.benchline.operator.tenant.OperatorTopics;
import io.benchline.schemas.Topic;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The readiness group's "operatorView": DOWN until the view has read {@value OperatorTopics#TENANT_STATES} and the
 * issued commands to the ends they had at start, so no instance answers a list (or an idempotency check) from a
 * partial copy.
 */
class ViewReadiness implements HealthIndicator {

    private final ViewFollowers followers;

    ViewReadiness(ViewFollowers followers) {
        this.followers = followers;
    }

    @Override
    public Health health() {
        if (!followers.ready()) {
            return Health.down()
                    .withDetail(
                            "reason",
                            "catching up with " + OperatorTopics.TENANT_STATES + " and "
                                    + Topic.OPERATOR_COMMANDS.topicName())
                    .build();
        }
        return Health.up()
                .withDetail("snapshots", followers.snapshots())
                .withDetail("issuedCommands", followers.issuedCommands())
                .build();
    }
}
