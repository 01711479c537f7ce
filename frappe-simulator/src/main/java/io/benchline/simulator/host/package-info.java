/** The state of one simulated bench host: its sites, their users and keys, site configs and the nginx routing table. */
package io.benchline.simulator.host;
