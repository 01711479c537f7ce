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

    /** How long a failure whose entry this instance is settling right now waits before it is looked at again. */
    private static final Duration SETTLING_WAIT = Duration.ofSeconds(1);
    /**
     * How long a failure whose run goes on (or runs on another instance) waits: a look at a partition this instance
     * does not own reads that ledger partition from the topic.
     */
    private static final Duration UNSETTLED_WAIT = Duration.ofSeconds(5);
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
            acknowledgment.nack(settleHere(tenantId) ? SETTLING_WAIT : UNSETTLED_WAIT);
            return;
        }
        acknowledgment.acknowledge();
    }

    /**
     * Settles an unsettled entry of a partition this instance owns, where that cannot wait: a run whose deadline has
     * passed (signup-service reported TIMEOUT) is stopped and its entry handed back to the scheduler, which records
     * it ABANDONED without a slot; an entry whose outcome is decided but not sent, and that nothing runs (a run that
     * stopped on an unexpected error), is handed back so the scheduler sends it. A run still within its deadline here
     * (clocks differ a little) and an entry of another instance are left to end on their own.
     *
     * @return whether the entry is being settled here
     */
    private boolean settleHere(UUID tenantId) {
        Optional<LedgerEntry> owned = ledger.find(tenantId);
        if (owned.isEmpty() || owned.get().isSettled()) {
            return false;
        }
        boolean expired =
                !clock.instant().isBefore(owned.get().request().getSignup().getDeadlineAt());
        if (scheduler.isActive(tenantId)) {
            if (!expired) {
                return false;
            }
            if (!scheduler.stop(tenantId, STOP_WAIT)) {
                log.warn("tenant {}: its run past the deadline did not stop within {}", tenantId, STOP_WAIT);
                return false;
            }
            log.info("tenant {}: run stopped past its deadline, so its failed signup's site can be dropped", tenantId);
        } else if (!expired && owned.get().outcome() == null) {
            return false;
        }
        ledger.find(tenantId).ifPresent(scheduler::submit);
        return true;
    }
}
