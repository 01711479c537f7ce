/**
 * Sealed secrets: Google Tink AEAD with one keyset per purpose, so a service can open only the secrets it was
 * given a keyset for.
 *
 * <p>Associated data binds each ciphertext to its purpose, tenant, the customer-facing host of the tenant's site
 * and the field ({@link io.benchline.platform.secrets.SecretSealer}):
 * {@code benchline:<PURPOSE>:tenant:<tenantId>:site:<subdomain>.<site domain>:<field>}. A ciphertext moved into
 * another tenant's or another site's event does not open. Ciphertexts sealed with the earlier format
 * ({@code benchline:<PURPOSE>:<tenantId>:<field>}, before the site host was bound) no longer open; there was no
 * production data to carry over.
 *
 * <p>The {@code tenant:<id>:site:<host>} part is the {@link io.benchline.platform.secrets.SealingContext}. A
 * secret sealed before any tenant exists (a standby site of the future pool) gets a context of its own kind, e.g.
 * {@code standby:<standbyId>:bench-host:<hostId>}, and is re-sealed under the tenant's context when a tenant
 * claims the standby; nothing sealed for a standby then opens as a tenant's secret or the other way round.
 */
package io.benchline.platform.secrets;
