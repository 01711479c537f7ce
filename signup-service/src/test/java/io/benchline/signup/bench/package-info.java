/** Benchmarks run by hand (bench/run.sh), never by the test suite: they print figures, they assert nothing. */
package io.benchline.signup.bench;
