'use strict';
// Avro's schema fingerprint as the Java producers compute it (SchemaNormalization.parsingFingerprint64): the
// CRC-64-AVRO (Rabin) fingerprint of the schema's Parsing Canonical Form. avsc's own Type#fingerprint() is an MD5
// or SHA-256 of its canonical string, so it cannot be matched against the 8 bytes in a single-object header.

const PRIMITIVES = new Set(['null', 'boolean', 'int', 'long', 'float', 'double', 'bytes', 'string']);
const EMPTY = 0xc15d213aa4d7a795n;
const MASK = 0xffffffffffffffffn;

const TABLE = (() => {
  const table = new Array(256);
  for (let i = 0; i < 256; i++) {
    let fp = BigInt(i);
    for (let j = 0; j < 8; j++) {
      fp = (fp >> 1n) ^ (EMPTY & -(fp & 1n) & MASK);
    }
    table[i] = fp;
  }
  return table;
})();

/** CRC-64-AVRO of the bytes, as an unsigned BigInt. */
function crc64Avro(bytes) {
  let fp = EMPTY;
  for (const b of bytes) {
    fp = (fp >> 8n) ^ TABLE[Number((fp ^ BigInt(b)) & 0xffn)];
  }
  return fp;
}

/**
 * The Parsing Canonical Form of a schema given as parsed JSON (Avro specification, "Transforming into Parsing
 * Canonical Form"): primitives in their simple form, full names, only the attributes that matter for parsing
 * (doc, aliases, defaults, logicalType and custom properties dropped) in the order name, type, fields, symbols,
 * items, values, size, no whitespace; a named type written a second time is written as its full name.
 */
function canonicalForm(schema) {
  return build(schema, '', new Set());
}

function build(schema, namespace, defined) {
  if (typeof schema === 'string') {
    if (PRIMITIVES.has(schema)) {
      return JSON.stringify(schema);
    }
    return JSON.stringify(fullName(schema, namespace));
  }
  if (Array.isArray(schema)) {
    return '[' + schema.map((branch) => build(branch, namespace, defined)).join(',') + ']';
  }
  const type = schema.type;
  if (typeof type !== 'string') {
    // {"type": {...}} or {"type": [...]}: the attribute holds the schema itself.
    return build(type, namespace, defined);
  }
  if (PRIMITIVES.has(type)) {
    return JSON.stringify(type); // logicalType and other properties do not change how bytes are read
  }
  switch (type) {
    case 'array':
      return '{"type":"array","items":' + build(schema.items, namespace, defined) + '}';
    case 'map':
      return '{"type":"map","values":' + build(schema.values, namespace, defined) + '}';
    case 'record':
    case 'error':
    case 'enum':
    case 'fixed': {
      const name = fullName(schema.name, schema.namespace !== undefined ? schema.namespace : namespace);
      if (defined.has(name)) {
        return JSON.stringify(name);
      }
      defined.add(name);
      const own = name.includes('.') ? name.substring(0, name.lastIndexOf('.')) : '';
      let out = '{"name":' + JSON.stringify(name) + ',"type":' + JSON.stringify(type === 'error' ? 'record' : type);
      if (type === 'enum') {
        out += ',"symbols":[' + schema.symbols.map((s) => JSON.stringify(s)).join(',') + ']';
      } else if (type === 'fixed') {
        out += ',"size":' + Number(schema.size);
      } else {
        out += ',"fields":[' + schema.fields
          .map((f) => '{"name":' + JSON.stringify(f.name) + ',"type":' + build(f.type, own, defined) + '}')
          .join(',') + ']';
      }
      return out + '}';
    }
    default:
      // A bare reference to a named type, written as {"type": "Name"}.
      return build(type, namespace, defined);
  }
}

function fullName(name, namespace) {
  if (name.includes('.') || !namespace) {
    return name;
  }
  return namespace + '.' + name;
}

/** The 64-bit fingerprint of a schema (parsed JSON), as an unsigned BigInt. */
function fingerprint64(schema) {
  return crc64Avro(Buffer.from(canonicalForm(schema), 'utf8'));
}

/** The 8 bytes a single-object header carries after C3 01: the fingerprint, little-endian. */
function fingerprintBytes(fingerprint) {
  const bytes = Buffer.alloc(8);
  bytes.writeBigUInt64LE(fingerprint);
  return bytes;
}

module.exports = { canonicalForm, crc64Avro, fingerprint64, fingerprintBytes };
