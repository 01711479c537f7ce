/**
 * The standby pool: sites built ahead on each bench host (owner by Kafka partition), claimed by a signup in log
 * order, renamed to the customer's name, sized by Little's law.
 */
package io.benchline.provisioner.pool;
