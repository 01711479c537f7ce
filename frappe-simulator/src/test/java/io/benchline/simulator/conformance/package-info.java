/**
 * Facts of frappe-facts.md as tests against "a bench host": the embedded simulator by default, or a real
 * Frappe v15 bench host named by the BENCHLINE_CONFORMANCE_* environment variables (see {@link
 * io.benchline.simulator.conformance.BenchHostTarget}), checked first against the host preconditions ({@link
 * io.benchline.simulator.conformance.HostPreconditions}) and reached over HTTP by Host header only.
 */
package io.benchline.simulator.conformance;
