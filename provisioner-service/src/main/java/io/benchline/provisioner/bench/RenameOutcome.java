package io.benchline.provisioner.bench;

/** What {@code test ! -e 'sites/S' && mv -T 'sites/STANDBY' 'sites/S'} did, read from its exit status and stderr. */
public enum RenameOutcome {
    RENAMED,
    /** Exit 1, nothing printed: {@code sites/S} exists (ours after a crash, or someone else's site). */
    SITE_EXISTS,
    /** Exit 1, {@code mv: cannot stat}: the standby's folder is not there. */
    STANDBY_MISSING
}
