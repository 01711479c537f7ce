package io.benchline.provisioner.provisioning;

/** How a provisioning run ended, for the scheduler. */
enum RunEnd {
    /** Outcome recorded (and emitted unless abandoned). */
    SETTLED,
    /** The host turned out unfit (unreachable, misconfigured) before anything was built there: pick another. */
    REQUEUE,
    /** Stopped by shutdown or a lost partition; the next owner resumes from the ledger. */
    CANCELLED
}
