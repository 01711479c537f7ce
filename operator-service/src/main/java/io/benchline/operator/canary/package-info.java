/** The signup canary: a scheduled, tagged signup through the public API, measured to the hand-off, then deprovisioned. */
package io.benchline.operator.canary;
