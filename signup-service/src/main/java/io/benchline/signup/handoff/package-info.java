/**
 * The hand-off: the customer of a completed (and, where required, email-verified) signup enters the new site logged
 * in through {@code enterUrl}, with a one-time login key minted by the provisioner and opened only here.
 */
package io.benchline.signup.handoff;
