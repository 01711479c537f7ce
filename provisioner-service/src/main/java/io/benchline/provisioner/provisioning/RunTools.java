package io.benchline.provisioner.provisioning;

import io.benchline.provisioner.warmup.SiteAdministration;

/**
 * What every provisioning run works with, shared by all runs of this instance: the standby pool and the REST calls
 * that finish a claim (both unused while the pool is off).
 */
record RunTools(
        HostAccess hosts,
        SiteCredentials credentials,
        PasswordGenerator passwords,
        StepRetries retries,
        StandbyPool standbys,
        SiteAdministration administration) {}
