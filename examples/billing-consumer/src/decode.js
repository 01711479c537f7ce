'use strict';
// Avro single-object encoding: C3 01, the writer schema's 8-byte fingerprint (little-endian), then the body.

const MAGIC_0 = 0xc3;
const MAGIC_1 = 0x01;
const HEADER_LENGTH = 10;

class DecodeError extends Error {}

/**
 * Decodes one record value with the writer schema its header names, resolved to the newest released version.
 *
 * @param {Buffer} value the Kafka record value
 * @param {Map<string, object>} byFingerprint from loadLifecycleSchemas
 * @returns {{event: string, writerVersion: number, readerVersion: number, record: object}}
 */
function decodeSingleObject(value, byFingerprint) {
  if (!value || value.length < HEADER_LENGTH || value[0] !== MAGIC_0 || value[1] !== MAGIC_1) {
    throw new DecodeError('not Avro single-object encoding (no C3 01 header)');
  }
  const fingerprint = value.readBigUInt64LE(2).toString(16).padStart(16, '0');
  const writer = byFingerprint.get(fingerprint);
  if (!writer) {
    throw new DecodeError(`unknown writer schema fingerprint ${fingerprint} (a schema newer than these .avsc files?)`);
  }
  const record = writer.readerType.fromBuffer(value.subarray(HEADER_LENGTH), writer.resolver);
  return { event: writer.event, writerVersion: writer.version, readerVersion: writer.readerVersion, record };
}

/** The event name a CloudEvents type names: io.benchline.tenant.TenantActivated → TenantActivated. */
function eventOfCeType(ceType) {
  const prefix = 'io.benchline.tenant.';
  return ceType && ceType.startsWith(prefix) ? ceType.substring(prefix.length) : null;
}

module.exports = { DecodeError, decodeSingleObject, eventOfCeType };
