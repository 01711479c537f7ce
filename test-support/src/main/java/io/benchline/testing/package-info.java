/** Fixtures for Benchline's tests: a real Kafka broker per test JVM, secret scans, architecture rules. */
package io.benchline.testing;
