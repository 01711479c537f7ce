/**
 * Fixtures for Benchline's tests: a real Kafka broker per test JVM ({@link io.benchline.testing.KafkaTestBroker}),
 * a service started as its process starts it ({@link io.benchline.testing.RunningService}), reading and writing
 * topics ({@link io.benchline.testing.TopicDump}, {@link io.benchline.testing.Publish}), secret scans over logs and
 * records ({@link io.benchline.testing.CapturedLogs}, {@link io.benchline.testing.SecretScan}), a site's keys
 * ({@link io.benchline.testing.SiteKeys}), the CI rule ({@link io.benchline.testing.Ci}) and architecture rules.
 */
package io.benchline.testing;
