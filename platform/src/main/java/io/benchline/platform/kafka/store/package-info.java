/**
 * Keyed in-memory views of compacted topics (String key to a decoded value), with every Kafka client built from
 * Spring Boot's {@code spring.kafka.*} properties: {@link io.benchline.platform.kafka.store.AssignedPartitionsStore}
 * loads the partitions an instance owns, {@link io.benchline.platform.kafka.store.FollowedTopicView} follows a whole
 * topic. {@link io.benchline.platform.kafka.store.CompactedTopics} makes both.
 */
package io.benchline.platform.kafka.store;
