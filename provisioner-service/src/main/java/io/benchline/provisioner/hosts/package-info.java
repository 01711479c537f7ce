/** The configured bench hosts and their slots: who is healthy, who is least busy, who has room for one more site. */
package io.benchline.provisioner.hosts;
