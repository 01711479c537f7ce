package io.benchline.verifier.probe;

import io.benchline.platform.secrets.Secret;

/**
 * A site to probe, with its opened credentials. {@link Secret#toString()} is redacted, so this record can be
 * logged by accident without leaking anything.
 */
public record ProbeTarget(String siteName, String siteUrl, Secret apiKey, Secret apiSecret) {}
