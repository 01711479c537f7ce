/** verifier-service: SiteProvisioned in, KeysActive or ProvisioningFailed(VERIFY) out. */
package io.benchline.verifier;
