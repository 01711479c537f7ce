/**
 * Checks of the deployment files under {@code deploy/}: they parse, they describe what the code really has (topics,
 * metrics, configuration keys), and they reference only files that exist or are documented mounts.
 *
 * <p>What the code has is read from what the build made, never from Java source. Catalogue topics come from
 * {@code Topic} (schemas, on the test class path). Each service's own topics, Kafka Streams state stores and meters
 * come from the bytecode in {@code <service>/target/classes} ({@link io.benchline.deploycheck.ServiceClasses}):
 * there a constant is already the literal, and a topic named by a properties accessor takes that property's
 * default; nothing has to run, where a manifest of a live {@code MeterRegistry} would need each service's context
 * started by its own tests. Configuration keys come from the {@code META-INF/spring-configuration-metadata.json}
 * that spring-boot-configuration-processor writes for the platform and each service
 * ({@link io.benchline.deploycheck.ConfigurationMetadata}). The services are Boot fat jars, so they cannot be on the
 * class path: this module depends on their poms only, which makes the reactor build them first.
 */
package io.benchline.deploycheck;
