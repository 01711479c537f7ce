/**
 * Kafka policy shared by every service: the catalogue's topics declared as {@code NewTopic}s, one way to publish
 * an event, and dead-letter handling for records a listener cannot process.
 */
package io.benchline.platform.kafka;
