/**
 * Probing one site from outside: a single authenticated API call and what its answer means, the retry schedule,
 * and the non-blocking pipeline that repeats the probe on Reactor timers until the site answers or the budget is
 * spent.
 */
package io.benchline.verifier.probe;
