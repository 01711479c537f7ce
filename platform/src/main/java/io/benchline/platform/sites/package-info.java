/**
 * HTTP to customers' sites: one non-blocking client with timeouts, verified TLS, plain HTTP only when allowed,
 * and curl-style name overrides for stacks where site names do not resolve through DNS; and
 * {@link io.benchline.platform.sites.SiteAddressPolicy}, the check every service runs before it sends a site's
 * credentials to a URL taken from an event ({@code https://<subdomain>.<benchline.sites.domains>}).
 */
package io.benchline.platform.sites;
