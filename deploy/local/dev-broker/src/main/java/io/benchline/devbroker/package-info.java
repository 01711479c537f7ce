/** The local stack's Kafka: a real single-node KRaft broker and controller in one JVM. */
package io.benchline.devbroker;
