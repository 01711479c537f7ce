package io.benchline.provisioner.hosts.checks;

import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the preconditions need from {@code sites/common_site_config.json}, read the way Frappe and bench read it
 * (Python truthiness: {@code if conf.get("dns_multitenant")}). Only these three facts are kept: the file also holds
 * the database root password, which must never reach a log, a report or a metric.
 */
record CommonSiteConfig(boolean dnsMultitenant, boolean globalAdminPassword, boolean rootPassword) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Empty when the text is not a JSON object (the reason never quotes the text: it may hold passwords). */
    static Optional<CommonSiteConfig> parse(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JacksonException e) {
            return Optional.empty();
        }
        if (root == null || !root.isObject()) {
            return Optional.empty();
        }
        return Optional.of(new CommonSiteConfig(
                truthy(root.get("dns_multitenant")),
                truthy(root.get("admin_password")),
                truthy(root.get("root_password"))));
    }

    /** Python's bool(): false, 0, "", [], {} and null are false; anything else (even the string "off") is true. */
    private static boolean truthy(JsonNode value) {
        if (value == null || value.isNull()) {
            return false;
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isNumber()) {
            return value.doubleValue() != 0;
        }
        if (value.isString()) {
            return !value.stringValue().isEmpty();
        }
        return !value.isEmpty();
    }
}
