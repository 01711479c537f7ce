/** Wiring: the verifier's settings ({@code benchline.verifier.*}) and the beans built from them. */
package io.benchline.verifier.system;
