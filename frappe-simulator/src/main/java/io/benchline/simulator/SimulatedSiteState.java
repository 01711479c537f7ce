package io.benchline.simulator;

/** The life of a site as tests see it. */
public enum SimulatedSiteState {
    /** {@code new-site} is running; the folder and site_config.json already exist. */
    CREATING,
    READY,
    /** Half-built by a failed, hung or cut {@code new-site}; only {@code drop-site} clears it. */
    BROKEN,
    /** Dropped and moved to {@code archived/sites/}. */
    ARCHIVED
}
