/**
 * Sealed secrets: Google Tink AEAD with one keyset per purpose, so a service can open only the secrets it was
 * given a keyset for. Associated data binds each ciphertext to its tenant and field.
 */
package io.benchline.platform.secrets;
