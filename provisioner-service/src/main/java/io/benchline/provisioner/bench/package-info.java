/**
 * The bench CLI as seen from the provisioner: fixed command templates with validated, quoted arguments, and the
 * parsing of what bench prints. Nothing but validated site names and generated passwords reaches a command line.
 */
package io.benchline.provisioner.bench;
