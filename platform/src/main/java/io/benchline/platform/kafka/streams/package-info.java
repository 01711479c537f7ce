/**
 * Helpers for the services that run Kafka Streams (signup-service, operator-service). Platform's Kafka Streams
 * dependency is optional: the services without Streams neither get it nor load these classes.
 */
package io.benchline.platform.kafka.streams;
