package io.benchline.simulator.bench;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Frappe's {@code bench version [-f legacy|plain|table|json]} ({@code frappe/commands/utils.py get_version}):
 * needs no site; the default "legacy" format is one {@code app version} line per app in {@code apps/}, sorted.
 */
final class Version implements BenchCommand {

    private static final ClickArgs.Spec SPEC =
            ClickArgs.spec("version", List.of(), 0, Set.of("--format"), Set.of(), Map.of("-f", "--format"));

    @Override
    public ClickArgs.Spec spec() {
        return SPEC;
    }

    @Override
    public int run(Invocation inv, ClickArgs args) {
        String format = args.option("--format").orElse("legacy");
        Map<String, String> versions = new java.util.TreeMap<>(inv.host().appVersions());
        StringBuilder out = new StringBuilder();
        switch (format) {
            case "legacy" -> versions.forEach((app, version) -> out.append(app + " " + version + "\n"));
            case "plain" ->
                versions.forEach((app, version) -> out.append(app + " " + version + " version-15 (0000000)\n"));
            default ->
                throw new ClickArgs.UsageError("Invalid value for '-f' / '--format': '" + format
                        + "' is not one of 'plain', 'table', 'json', 'legacy'.");
        }
        inv.out(out.toString());
        return 0;
    }
}
