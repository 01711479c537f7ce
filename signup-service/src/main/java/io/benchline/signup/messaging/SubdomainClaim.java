package io.benchline.signup.messaging;

import java.time.Instant;
import java.util.UUID;

/** Who holds a subdomain (or last held it, when {@code held} is false): the registry's state and its public view. */
record SubdomainClaim(String subdomain, UUID tenantId, boolean held, Instant changedAt) {}
