package io.benchline.signup.intake;

import java.util.UUID;

/**
 * The 202 body: where the signup lives and how to follow it. {@code eventsUrl} carries the stream token for
 * frontends on another site; same-site pages may rely on the cookie instead.
 */
record AcceptedSignup(
        UUID tenantId, String subdomain, String siteUrl, String status, String statusUrl, String eventsUrl) {}
