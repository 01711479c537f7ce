package io.benchline.simulator.bench;

import io.benchline.simulator.host.PythonJson;
import io.benchline.simulator.host.SiteRecord;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code bench --site S list-apps [--format json]}: how v14/v15 tell whether a site exists. */
final class ListApps implements BenchCommand {

    private static final ClickArgs.Spec SPEC =
            ClickArgs.spec("list-apps", List.of(), 0, Set.of("--format"), Set.of(), Map.of("-f", "--format"));

    @Override
    public ClickArgs.Spec spec() {
        return SPEC;
    }

    @Override
    public int run(Invocation inv, ClickArgs args) throws InterruptedException {
        String format = args.option("--format").orElse("text");
        if (!format.equals("text") && !format.equals("json")) {
            throw new ClickArgs.UsageError(
                    "Invalid value for '--format' / '-f': '" + format + "' is not one of 'text', 'json'.");
        }
        if (inv.fault() == CommandFault.FAIL) {
            throw inv.crash(Invocation.LOST_CONNECTION);
        }
        SiteRecord site = inv.siteWithDatabase("Installed Application");
        // The "Installed Applications" single, which only migrate (and remove-app) fill: empty on a new site.
        List<String> apps = site.installedApplicationsTable();
        inv.hangOrDropHere();
        if (format.equals("json")) {
            // frappe.as_json: indent=1, sort_keys=True
            inv.out(PythonJson.dumpsIndented(Map.of(site.name(), apps)) + "\n");
        } else if (!apps.isEmpty()) {
            Map<String, String> versions = inv.host().appVersions();
            int width = apps.stream().mapToInt(String::length).max().orElse(0);
            StringBuilder text = new StringBuilder();
            for (String app : apps) {
                text.append(
                        String.format("%-" + width + "s %s version-15%n", app, versions.getOrDefault(app, "0.0.1")));
            }
            inv.out(text.toString().stripTrailing() + "\n");
        }
        return 0;
    }
}
