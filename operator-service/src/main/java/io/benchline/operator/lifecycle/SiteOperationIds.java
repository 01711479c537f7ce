package io.benchline.operator.lifecycle;

import io.benchline.events.SiteOperation;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** The operationIds of site operations (contracts §3): derived, so a re-requested operation keeps its id. */
final class SiteOperationIds {

    private SiteOperationIds() {}

    /** The operation the lifecycle requests on behalf of {@code commandId}. */
    static UUID of(UUID commandId, SiteOperation operation) {
        return UUID.nameUUIDFromBytes(
                ("benchline:site-op:" + commandId + ":" + operation.name()).getBytes(StandardCharsets.UTF_8));
    }

    /** The DROP the provisioner reports after removing the site of an unverified email. */
    static UUID emailNotVerified(UUID tenantId) {
        return UUID.nameUUIDFromBytes(
                ("benchline:site-op:email-not-verified:" + tenantId).getBytes(StandardCharsets.UTF_8));
    }
}
