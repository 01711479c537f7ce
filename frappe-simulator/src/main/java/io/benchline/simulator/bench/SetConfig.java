package io.benchline.simulator.bench;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code bench [--site S] set-config KEY VALUE [-p] [-g]}: edits site_config.json or common_site_config.json. */
final class SetConfig implements BenchCommand {

    private static final ClickArgs.Spec SPEC = ClickArgs.spec(
            "set-config",
            List.of("KEY", "VALUE"),
            2,
            Set.of(),
            Set.of("--global", "--parse", "--as-dict"),
            Map.of("-g", "--global", "-p", "--parse"));

    @Override
    public ClickArgs.Spec spec() {
        return SPEC;
    }

    @Override
    public int run(Invocation inv, ClickArgs args) throws InterruptedException {
        String key = args.argument(0).orElseThrow();
        Object value = args.argument(1).orElseThrow();
        if (args.flag("--parse")) {
            try {
                value = PythonLiteral.parse((String) value);
            } catch (RuntimeException e) {
                throw inv.crash("ValueError: malformed node or string on line 1: <ast.Name object at 0x7f3a2c1b5e10>");
            }
        }
        if (inv.fault() == CommandFault.FAIL) {
            throw inv.crash("PermissionError: [Errno 13] Permission denied: 'site_config.json'");
        }
        if (args.flag("--global")) {
            inv.host().setCommonConfig(key, value);
        } else {
            inv.siteFolder().setConfig(key, value);
        }
        inv.hangOrDropHere();
        return 0;
    }
}
