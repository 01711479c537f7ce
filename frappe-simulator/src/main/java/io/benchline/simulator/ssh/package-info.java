/** The SSH side of the bench host: public-key login as the bench user, exec channels only, each line run by the shell. */
package io.benchline.simulator.ssh;
