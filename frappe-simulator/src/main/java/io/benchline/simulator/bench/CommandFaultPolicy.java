package io.benchline.simulator.bench;

import java.util.List;

/** Decides, per command run, whether a fault hits it. */
@FunctionalInterface
public interface CommandFaultPolicy {

    CommandFaultPolicy NONE = keys -> CommandFault.NONE;

    /**
     * @param keys names the run answers to, most general first: {@code "new-site"}, or {@code "execute"}
     *     and {@code "execute frappe.core.doctype.user.user.generate_keys"}, or {@code "nginx-reload"}
     */
    CommandFault decide(List<String> keys);
}
