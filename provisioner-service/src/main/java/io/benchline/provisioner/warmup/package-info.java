/**
 * The session warm-up over HTTP: a real Administrator login on the new site, then one call with its new API key,
 * proving the site answers the way customers and the verifier will reach it.
 */
package io.benchline.provisioner.warmup;
