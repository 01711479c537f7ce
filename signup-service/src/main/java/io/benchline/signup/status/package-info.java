/**
 * Each signup's status and step history, built from the pipeline's events, and how the browser reads it:
 * {@code GET /api/signups/{tenantId}} and the private SSE stream with replay, heartbeats and a final outcome.
 */
package io.benchline.signup.status;
