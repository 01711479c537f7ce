/**
 * The bench CLI as seen from the provisioner: fixed command templates with validated, quoted arguments, and the
 * reading of what bench prints and how it failed. Only validated site names and the configured bench folder and
 * executable reach a command line; passwords go on standard input.
 */
package io.benchline.provisioner.bench;
