/**
 * Free ports for the Benchline processes that tests and the local launcher start on one machine. No service calls
 * it: a deployed service listens on its configured port.
 */
package io.benchline.platform.ports;
