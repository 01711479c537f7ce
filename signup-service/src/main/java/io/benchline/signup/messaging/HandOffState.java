package io.benchline.signup.messaging;

import java.time.Instant;
import java.util.UUID;

/**
 * A completed signup's login keys as the owning task counts them: the key asked for ahead (used by the first
 * click), how many keys were asked for in all, and since when the signup is enterable (the hand-off window).
 */
record HandOffState(UUID tenantId, UUID aheadRequestId, boolean aheadUsed, int keysRequested, Instant enterableAt) {}
