/**
 * A Frappe v15 bench host for tests and demos: {@link io.benchline.simulator.FrappeSimulator} runs bench over
 * SSH and the sites' REST API over HTTP, records what it received, and injects faults on demand.
 */
package io.benchline.simulator;
