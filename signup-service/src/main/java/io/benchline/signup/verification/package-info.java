/**
 * Proof that a signup's email address is the customer's: a 6-digit code mailed at POST time, checked while the site
 * builds; the decisions are taken per tenant in one place (the Streams topology), only keyed hashes are kept.
 */
package io.benchline.signup.verification;
