package io.benchline.provisioner.bench;

/** What {@code bench --site S list-apps} says about a site. */
public enum SiteState {
    /** {@code Site S does not exist!} */
    ABSENT,
    /** The site answers and ERPNext is installed. */
    COMPLETE,
    /** The folder exists but the database or ERPNext is missing: a half-built site. */
    INCOMPLETE
}
