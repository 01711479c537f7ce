/** A benchmark (a main class, not a test) of the verifier's schedule against the original design's. */
package io.benchline.verifier.benchmark;
