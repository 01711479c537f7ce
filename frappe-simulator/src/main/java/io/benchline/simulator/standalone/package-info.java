/** The runnable jar: starts a simulator from command-line options and keeps it up until the process is stopped. */
package io.benchline.simulator.standalone;
