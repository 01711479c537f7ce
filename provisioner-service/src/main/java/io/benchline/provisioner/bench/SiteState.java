package io.benchline.provisioner.bench;

/**
 * What the host says about a site name. {@code BUILT} means Frappe answered {@code frappe.get_installed_apps}; it does
 * NOT mean new-site finished (erpnext is recorded before its after_install hooks run): only the ledger knows that.
 */
public enum SiteState {
    /** {@code Site S does not exist!} */
    ABSENT,
    /** The folder exists but its database (or the site's database user) is missing: a half-built site. */
    HALF_BUILT,
    /** The site answers. */
    BUILT
}
