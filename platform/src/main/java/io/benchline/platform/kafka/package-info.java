/**
 * Kafka policy shared by every service: the catalogue's topics declared as {@code NewTopic}s, one way to publish
 * an event, dead-letter handling for records a listener cannot process, and (in {@code store}) one way to keep a
 * keyed view of a compacted topic.
 */
package io.benchline.platform.kafka;
