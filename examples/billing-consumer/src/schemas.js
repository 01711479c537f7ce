'use strict';
// The writer schemas this consumer can read: every released version of every tenant.lifecycle event, loaded from
// the published .avsc files (released/<Event>/v<N>.avsc) and indexed by their CRC-64-AVRO fingerprint.

const fs = require('node:fs');
const path = require('node:path');
const avro = require('avsc');
const { fingerprint64 } = require('./fingerprint');

/** The released/ folder: $BENCHLINE_RELEASED_SCHEMAS, else the one in this repository. */
function defaultReleasedDir() {
  return process.env.BENCHLINE_RELEASED_SCHEMAS
    || path.resolve(__dirname, '../../../schemas/src/main/resources/io/benchline/schemas/released');
}

/** The events the tenant.lifecycle topic carries (README, "Events"; schemas/asyncapi.yaml). */
const LIFECYCLE_EVENTS = ['TenantActivated', 'TenantSuspended', 'TenantResumed', 'TenantPlanChanged', 'TenantDeleted'];

/**
 * @param {string} releasedDir the folder holding <Event>/v<N>.avsc
 * @returns {{byFingerprint: Map<string, object>, versions: object[]}} writers keyed by fingerprint (16 hex
 *     digits); each knows its event, version, writer type, and the resolver to the newest version of its event
 */
function loadLifecycleSchemas(releasedDir, events = LIFECYCLE_EVENTS) {
  const byFingerprint = new Map();
  const versions = [];
  for (const event of events) {
    const folder = path.join(releasedDir, event);
    const files = fs.readdirSync(folder)
      .map((file) => /^v(\d+)\.avsc$/.exec(file))
      .filter(Boolean)
      .map((match) => ({ file: match[0], version: Number(match[1]) }))
      .sort((a, b) => a.version - b.version);
    if (files.length === 0) {
      throw new Error(`no released version of ${event} in ${folder}`);
    }
    const loaded = files.map(({ file, version }) => {
      const json = JSON.parse(fs.readFileSync(path.join(folder, file), 'utf8'));
      return { event, version, json, type: avro.Type.forSchema(json) };
    });
    const newest = loaded[loaded.length - 1];
    for (const writer of loaded) {
      const fingerprint = fingerprint64(writer.json).toString(16).padStart(16, '0');
      const entry = {
        event,
        version: writer.version,
        fingerprint,
        writerType: writer.type,
        readerType: newest.type,
        readerVersion: newest.version,
        // Schema resolution (Avro spec): fields the writer lacks take the reader's defaults.
        resolver: newest.type.createResolver(writer.type),
      };
      if (byFingerprint.has(fingerprint)) {
        throw new Error(`two released schemas share fingerprint ${fingerprint}: ${event} v${writer.version}`);
      }
      byFingerprint.set(fingerprint, entry);
      versions.push(entry);
    }
  }
  return { byFingerprint, versions };
}

module.exports = { LIFECYCLE_EVENTS, defaultReleasedDir, loadLifecycleSchemas };
