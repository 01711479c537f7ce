'use strict';
// Unit tests of the decoding and the ledger (node --test). The fingerprints themselves are checked against Avro's
// Java implementation by BillingConsumerTests in the Maven build.

const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const avro = require('avsc');
const { canonicalForm, crc64Avro, fingerprint64, fingerprintBytes } = require('../src/fingerprint');
const { defaultReleasedDir, loadLifecycleSchemas } = require('../src/schemas');
const { decodeSingleObject } = require('../src/decode');
const { BillingLedger } = require('../src/billing');

const V1 = {
  type: 'record', name: 'TenantResumed', namespace: 'io.benchline.events', doc: 'dropped from the canonical form',
  fields: [
    { name: 'eventId', type: { type: 'string', logicalType: 'uuid' } },
    { name: 'tenantId', type: { type: 'string', logicalType: 'uuid' } },
    { name: 'occurredAt', type: { type: 'long', logicalType: 'timestamp-millis' } },
    { name: 'status', type: { type: 'enum', name: 'Status', symbols: ['A', 'B'], default: 'A' } },
    { name: 'previous', type: ['null', 'Status'], default: null },
  ],
};
const V2 = { ...V1, fields: [...V1.fields, { name: 'note', type: ['null', 'string'], default: null }] };

test('the canonical form keeps only what parsing needs, with full names, a named type once', () => {
  assert.strictEqual(canonicalForm(V1),
    '{"name":"io.benchline.events.TenantResumed","type":"record","fields":['
    + '{"name":"eventId","type":"string"},{"name":"tenantId","type":"string"},{"name":"occurredAt","type":"long"},'
    + '{"name":"status","type":{"name":"io.benchline.events.Status","type":"enum","symbols":["A","B"]}},'
    + '{"name":"previous","type":["null","io.benchline.events.Status"]}]}');
});

test('CRC-64-AVRO of the empty input is the algorithm constant', () => {
  assert.strictEqual(crc64Avro(Buffer.alloc(0)), 0xc15d213aa4d7a795n);
});

test('an older writer version is resolved to the newest release, missing fields taking their defaults', () => {
  const released = fs.mkdtempSync(path.join(os.tmpdir(), 'released-'));
  fs.mkdirSync(path.join(released, 'TenantResumed'));
  fs.writeFileSync(path.join(released, 'TenantResumed', 'v1.avsc'), JSON.stringify(V1));
  fs.writeFileSync(path.join(released, 'TenantResumed', 'v2.avsc'), JSON.stringify(V2));
  const { byFingerprint } = loadLifecycleSchemas(released, ['TenantResumed']);

  const body = avro.Type.forSchema(V1).toBuffer({
    eventId: 'e1', tenantId: 't1', occurredAt: 1700000000000, status: 'B', previous: 'A', // avsc's default: unions unwrapped
  });
  const value = Buffer.concat([Buffer.from([0xc3, 0x01]), fingerprintBytes(fingerprint64(V1)), body]);
  const decoded = decodeSingleObject(value, byFingerprint);

  assert.strictEqual(decoded.event, 'TenantResumed');
  assert.strictEqual(decoded.writerVersion, 1);
  assert.strictEqual(decoded.readerVersion, 2);
  assert.strictEqual(decoded.record.status, 'B');
  assert.strictEqual(decoded.record.previous, 'A');
  assert.strictEqual(decoded.record.note, null);
});

test('an unknown fingerprint or a missing header is refused, not guessed', () => {
  const { byFingerprint } = loadLifecycleSchemas(defaultReleasedDir());
  assert.throws(() => decodeSingleObject(Buffer.from([0xc3, 0x01, 1, 2, 3, 4, 5, 6, 7, 8, 0]), byFingerprint),
    /unknown writer schema fingerprint 0807060504030201/);
  assert.throws(() => decodeSingleObject(Buffer.from('{"json":true}'), byFingerprint), /no C3 01 header/);
});

test('the ledger ignores synthetic tenants and applies each event once', () => {
  const ledger = new BillingLedger();
  const activated = { eventId: 'e1', tenantId: 't1', occurredAt: 0, organization: 'Acme', subdomain: 'acme',
    adminEmail: 'a@acme.example', plan: 'PRO', trialEndsAt: null, synthetic: false };
  assert.strictEqual(ledger.apply('TenantActivated', activated).status, 'active');
  assert.strictEqual(ledger.apply('TenantActivated', activated), null);
  assert.strictEqual(ledger.apply('TenantActivated', { ...activated, eventId: 'e2', tenantId: 't2', synthetic: true }), null);
  assert.strictEqual(ledger.apply('TenantSuspended', { eventId: 'e3', tenantId: 't2', occurredAt: 1, reason: 'OPERATOR' }), null);
  assert.deepStrictEqual(ledger.summary().map((t) => t.tenantId), ['t1']);
  assert.deepStrictEqual([...ledger.synthetic], ['t2']);
});
