/**
 * Benchline's event contracts in code: the topic catalogue, CloudEvents headers, released schema versions and
 * the Avro single-object-encoding serde every service and consumer uses.
 */
package io.benchline.schemas;
