package io.benchline.simulator.host;

/** Where a site folder stands in its life, as the bench host sees it. */
public enum SitePhase {
    /** {@code new-site} is running: the folder and site_config.json already exist. */
    CREATING,
    READY,
    /** A {@code new-site} died mid-way: folder and database are left behind until {@code drop-site}. */
    BROKEN,
    /** Dropped: moved to {@code archived/sites/}, database gone. */
    ARCHIVED
}
