/**
 * HTTP to customers' sites: one non-blocking client with timeouts, verified TLS, plain HTTP only when allowed,
 * and curl-style name overrides for stacks where site names do not resolve through DNS.
 */
package io.benchline.platform.sites;
