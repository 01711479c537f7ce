/**
 * The hand-off to the customer and its undoing: one-time login keys minted over SSH for the customer's own user
 * (taken from the provisioner's ledger, never from the request), sealed, answered once per request; and the removal
 * of a tenant whose email was never verified (its site dropped, idempotently, and reported as a DROP); the removed
 * marker an archived site gets too.
 */
package io.benchline.provisioner.handoff;
