/**
 * Facts of frappe-facts.md as tests against "a bench host": the embedded simulator by default, or a real
 * Frappe v15 bench host named by the BENCHLINE_CONFORMANCE_* environment variables (see {@link io.benchline.simulator.conformance.BenchHostTarget}).
 */
package io.benchline.simulator.conformance;
