package io.benchline.signup.messaging;

import java.util.UUID;

/** The registry's answer to one CLAIM, keyed by its request id. */
record ClaimDecision(UUID requestId, UUID tenantId, String subdomain, boolean accepted) {}
