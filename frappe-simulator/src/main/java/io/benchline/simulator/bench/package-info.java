/** The {@code bench} command line: click's parsing rules, Frappe's site commands, their output and exit codes. */
package io.benchline.simulator.bench;
