/**
 * Checks of the deployment files under {@code deploy/}: they parse, they describe what the code really has (topics,
 * metrics), and they reference only files that exist or are documented mounts.
 */
package io.benchline.deploycheck;
