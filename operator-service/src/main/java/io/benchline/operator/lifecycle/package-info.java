/**
 * The owner of the tenant lifecycle (Kafka Streams, exactly-once): pipeline events, operator commands and site
 * operation reports in; {@code tenant.lifecycle}, {@code tenant.site-operation-requested} and snapshots out.
 */
package io.benchline.operator.lifecycle;
