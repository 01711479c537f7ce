/**
 * The local stack: the development Kafka broker, the Frappe simulator and the four services on this machine,
 * wired with throw-away keysets, SSH keys and known_hosts, as production would wire real ones.
 */
package io.benchline.localstack;
