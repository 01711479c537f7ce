package io.benchline.simulator;

import java.time.Instant;

/**
 * One HTTP request to a site. Bodies, query strings and Authorization values are never kept.
 *
 * @param site the site the request named (Host through nginx; X-Frappe-Site-Name or Host straight to gunicorn), whether or not it exists
 * @param status the status answered, or 0 for a request held open by a hang fault
 */
public record RecordedRequest(Instant at, String method, String path, String site, int status) {}
