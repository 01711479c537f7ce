#!/usr/bin/env node
'use strict';
// Benchline's billing example: follows tenant.lifecycle from the beginning and prints one JSON line per change of a
// tenant's billable state; with --until-idle <ms> it prints a summary of every tenant once no record arrived for
// that long, and exits.

const path = require('node:path');
const { Kafka, logLevel } = require('kafkajs');
const { defaultReleasedDir, loadLifecycleSchemas } = require('./schemas');
const { DecodeError, decodeSingleObject, eventOfCeType } = require('./decode');
const { BillingLedger } = require('./billing');

const USAGE = `usage: billing-consumer [--brokers host:port,...] [--topic tenant.lifecycle] [--group billing-example]
                        [--schemas <released folder>] [--until-idle <ms>] [--fingerprints]`;

function parseArgs(argv) {
  const options = {
    brokers: process.env.KAFKA_BROKERS || '127.0.0.1:9092',
    topic: 'tenant.lifecycle',
    group: 'billing-example',
    schemas: defaultReleasedDir(),
    untilIdle: null,
    fingerprints: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const value = () => {
      if (i + 1 >= argv.length) {
        throw new Error(`${argv[i]} needs a value\n${USAGE}`);
      }
      return argv[++i];
    };
    switch (argv[i]) {
      case '--brokers': options.brokers = value(); break;
      case '--topic': options.topic = value(); break;
      case '--group': options.group = value(); break;
      case '--schemas': options.schemas = path.resolve(value()); break;
      case '--until-idle': {
        options.untilIdle = Number(value());
        if (!Number.isInteger(options.untilIdle) || options.untilIdle <= 0) {
          throw new Error(`--until-idle takes a number of milliseconds\n${USAGE}`);
        }
        break;
      }
      case '--fingerprints': options.fingerprints = true; break;
      case '--help': process.stdout.write(USAGE + '\n'); process.exit(0); break;
      default: throw new Error(`unknown argument ${argv[i]}\n${USAGE}`);
    }
  }
  return options;
}

const out = (object) => process.stdout.write(JSON.stringify(object) + '\n');
const warn = (text) => process.stderr.write(text + '\n');

/** kafkajs logs to stdout by default; stdout carries only this program's JSON lines. */
const stderrLogger = () => ({ namespace, level, log }) => {
  const { message, ...extra } = log;
  warn(`kafkajs ${logLevel[level] || level} [${namespace}] ${message} ${JSON.stringify(extra)}`);
};

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const { byFingerprint, versions } = loadLifecycleSchemas(options.schemas);
  if (options.fingerprints) {
    versions.forEach((v) => out({ event: v.event, version: v.version, fingerprint: v.fingerprint }));
    return;
  }

  const ledger = new BillingLedger();
  const counts = { read: 0, applied: 0, skipped: 0 };
  const kafka = new Kafka({
    clientId: 'benchline-billing-example',
    brokers: options.brokers.split(','),
    logLevel: logLevel.WARN,
    logCreator: stderrLogger,
  });
  // The state lives in memory only, so no offsets are committed: every start rebuilds it from the first record
  // (tenant.lifecycle keeps 10 years). A real billing system stores its state and commits offsets with it.
  const consumer = kafka.consumer({ groupId: options.group, allowAutoTopicCreation: false, maxWaitTimeInMs: 1000 });
  // Idle is counted from the first answered fetch after joining the group (the records there were then are in it),
  // or from the last record: a slow join or first fetch does not end the run early.
  let firstFetchAt = null;
  let lastRecordAt = null;
  consumer.on(consumer.events.FETCH, () => { firstFetchAt = firstFetchAt || Date.now(); });

  const finish = async (code) => {
    await consumer.disconnect().catch((e) => warn(`disconnect: ${e.message}`));
    out({ type: 'summary', tenants: ledger.summary(), syntheticIgnored: [...ledger.synthetic].sort(), ...counts });
    process.exit(code);
  };
  process.once('SIGINT', () => finish(0));
  process.once('SIGTERM', () => finish(0));

  await consumer.connect();
  await consumer.subscribe({ topic: options.topic, fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachMessage: async ({ partition, message }) => {
      lastRecordAt = Date.now();
      counts.read++;
      const where = `${options.topic}/${partition}@${message.offset}`;
      const ceType = message.headers && message.headers.ce_type ? message.headers.ce_type.toString('utf8') : null;
      const routed = eventOfCeType(ceType);
      if (!routed) {
        counts.skipped++;
        warn(`skipped ${where}: ce_type ${ceType} is not a tenant event`);
        return;
      }
      let decoded;
      try {
        decoded = decodeSingleObject(message.value, byFingerprint);
      } catch (e) {
        counts.skipped++;
        warn(`skipped ${where} (${ceType}): ${e instanceof DecodeError ? e.message : 'cannot decode: ' + e.message}`);
        return;
      }
      if (decoded.event !== routed) {
        counts.skipped++;
        warn(`skipped ${where}: ce_type says ${routed} but the writer schema is ${decoded.event} v${decoded.writerVersion}`);
        return;
      }
      const state = ledger.apply(routed, decoded.record);
      if (state) {
        counts.applied++;
        out({
          type: 'change',
          event: routed,
          eventId: decoded.record.eventId,
          writerVersion: decoded.writerVersion,
          occurredAt: new Date(Number(decoded.record.occurredAt)).toISOString(),
          tenant: state,
        });
      }
    },
  });

  if (options.untilIdle !== null) {
    const timer = setInterval(() => {
      const since = Math.max(firstFetchAt || 0, lastRecordAt || 0);
      if (firstFetchAt !== null && Date.now() - since >= options.untilIdle) {
        clearInterval(timer);
        finish(0);
      }
    }, 50);
  }
}

main().catch((e) => {
  warn(`billing-consumer: ${e.message}`);
  process.exit(1);
});
