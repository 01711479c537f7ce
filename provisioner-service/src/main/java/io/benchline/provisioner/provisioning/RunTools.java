package io.benchline.provisioner.provisioning;

/** What every provisioning run works with, shared by all runs of this instance. */
record RunTools(HostAccess hosts, SiteCredentials credentials, PasswordGenerator passwords, StepRetries retries) {}
