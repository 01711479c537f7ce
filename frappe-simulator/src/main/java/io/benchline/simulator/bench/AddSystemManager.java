package io.benchline.simulator.bench;

import io.benchline.simulator.host.FrappeError;
import io.benchline.simulator.host.NewUser;
import io.benchline.simulator.host.SiteRecord;
import java.util.List;
import java.util.Set;

/**
 * {@code bench --site S add-system-manager EMAIL ...}: Frappe Cloud's way to create the customer admin.
 * The password is set after the insert, so Frappe's password policy does not apply here.
 */
final class AddSystemManager implements BenchCommand {

    private static final List<String> ALL_DESK_ROLES = List.of(
            "System Manager",
            "Accounts Manager",
            "Accounts User",
            "Sales Manager",
            "Sales User",
            "Stock Manager",
            "Stock User",
            "HR Manager",
            "Website Manager",
            "Report Manager");

    private static final ClickArgs.Spec SPEC = ClickArgs.spec(
            "add-system-manager",
            List.of("EMAIL"),
            1,
            Set.of("--first-name", "--last-name", "--password"),
            Set.of("--send-welcome-email"));

    @Override
    public ClickArgs.Spec spec() {
        return SPEC;
    }

    @Override
    public int run(Invocation inv, ClickArgs args) throws InterruptedException {
        SiteRecord site = inv.siteWithDatabase("User");
        String email = args.argument(0).orElseThrow();
        if (inv.fault() == CommandFault.FAIL) {
            throw inv.crash(Invocation.LOST_CONNECTION);
        }
        String firstName = args.option("--first-name").orElse(email);
        NewUser user = new NewUser(
                email,
                firstName,
                args.option("--last-name").orElse(null),
                null,
                ALL_DESK_ROLES,
                args.flag("--send-welcome-email"));
        try {
            String name = site.insertUser(user, false).name();
            args.option("--password").ifPresent(password -> site.setPassword(name, password));
        } catch (FrappeError e) {
            if (e.kind() == FrappeError.Kind.DUPLICATE_ENTRY) {
                String name = email.strip().toLowerCase(java.util.Locale.ROOT);
                throw inv.crash("frappe.exceptions.DuplicateEntryError: ('User', '" + name
                        + "', IntegrityError(1062, \"Duplicate entry '" + name + "' for key 'PRIMARY'\"))");
            }
            throw inv.crash(e);
        }
        inv.hangOrDropHere();
        return 0;
    }
}
