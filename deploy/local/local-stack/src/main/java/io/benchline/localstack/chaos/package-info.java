/**
 * The chaos campaign ({@code deploy/local/run.sh --chaos N}): signups at a steady rate while a seeded scheduler
 * injects overlapping faults, then an independent check of the design's invariants from what the system wrote.
 */
package io.benchline.localstack.chaos;
