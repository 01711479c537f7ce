package io.benchline.provisioner.messaging;

import io.benchline.events.ProvisioningFailed;
import io.benchline.provisioner.handoff.TenantRemoval;
import io.benchline.provisioner.provisioning.LedgerEntry;
import io.benchline.provisioner.provisioning.SlotScheduler;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.support.Acknowledgment;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.handler.annotation.Header;

/**
 * Drops the site of a failed signup (any stage, TIMEOUT included) as soon as its ledger entry is settled
 * ({@link TenantRemoval#signupFailed}): signup-service releases the subdomain at once, so a site left behind would
 * fail the next customer who picks the name. A failure whose run is still going (signup-service's deadline passed
 * while, say, new-site hangs) waits, handed back ({@code nack}, offset uncommitted) and looked at again shortly; when
 * the run is on this instance and past its deadline it is stopped the way an operator's retry stops one (its SSH
 * command abandoned, nothing more recorded or emitted) and the entry handed back to the scheduler, which settles it
 * ABANDONED without a slot. A run on another instance settles itself at its next step (its deadline has passed). A
 * group of its own, one record per poll (a drop runs bench over SSH); a failure is retried, then parked in
 * {@code tenant.provisioning-failed-dlt}.
 */
public final class ProvisioningFailedListener {

    static final String ID = "provisioner.provisioning-failed";

    private static final Logger log = LoggerFactory.getLogger(ProvisioningFailedListener.class);

    /** How long a failure whose run has not settled yet waits before it is looked at again. */
    private static final Duration UNSETTLED_WAIT = Duration.ofSeconds(2);
    /** How long a run past its deadline may take to stop (its SSH command is abandoned at once). */
    private static final Duration STOP_WAIT = Duration.ofSeconds(20);

    private final TenantRemoval removal;
    private final KafkaLedger ledger;
    private final SlotScheduler scheduler;
    private final Clock clock;

    public ProvisioningFailedListener(TenantRemoval removal, KafkaLedger ledger, SlotScheduler scheduler, Clock clock) {
        this.removal = removal;
        this.ledger = ledger;
        this.scheduler = scheduler;
        this.clock = clock;
    }

    @KafkaListener(
            id = ID,
            groupId = "${benchline.provisioner.credentials.failed-group-id:provisioner-credentials-failed}",
            topics = "#{T(io.benchline.schemas.Topic).PROVISIONING_FAILED.topicName()}",
            containerFactory = "manualAckListenerContainerFactory",
            properties = "max.poll.records=1")
    void on(
            ProvisioningFailed failed,
            @Header(KafkaHeaders.RECEIVED_PARTITION) int partition,
            Acknowledgment acknowledgment) {
        UUID tenantId = failed.getTenantId();
        if (removal.signupFailed(tenantId, failed.getAttempt(), partition) == TenantRemoval.Result.NOT_SETTLED) {
            settleExpiredRun(tenantId);
            acknowledgment.nack(UNSETTLED_WAIT);
            return;
        }
        acknowledgment.acknowledge();
    }

    /**
     * A run of this instance whose deadline has passed (signup-service reported TIMEOUT) is stopped, and its entry
     * handed back to the scheduler, which records it ABANDONED without a slot. An entry of a partition this instance
     * does not own is left to its owner; one whose deadline has not passed here yet (clocks differ a little) waits.
     */
    private void settleExpiredRun(UUID tenantId) {
        Optional<LedgerEntry> owned = ledger.find(tenantId);
        if (owned.isEmpty()
                || owned.get().isSettled()
                || clock.instant().isBefore(owned.get().request().getSignup().getDeadlineAt())) {
            return;
        }
        if (scheduler.isActive(tenantId)) {
            if (!scheduler.stop(tenantId, STOP_WAIT)) {
                log.warn(
                        "tenant {}: its run past the deadline did not stop within {}; asked again",
                        tenantId,
                        STOP_WAIT);
                return;
            }
            log.info("tenant {}: run stopped past its deadline, so its failed signup's site can be dropped", tenantId);
        }
        ledger.find(tenantId).ifPresent(scheduler::submit);
    }
}
