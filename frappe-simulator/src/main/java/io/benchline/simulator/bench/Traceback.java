package io.benchline.simulator.bench;

import java.util.ArrayList;
import java.util.List;

/** Builds the Python tracebacks bench prints on stderr when a Frappe command raises. */
final class Traceback {

    record Frame(String file, int line, String function, String code) {}

    private final String benchFolder;
    private final List<Frame> frames = new ArrayList<>();

    private Traceback(String benchFolder) {
        this.benchFolder = benchFolder;
    }

    /** The frames every {@code bench <frappe command>} goes through before reaching the command. */
    static Traceback fromBenchHelper(String benchFolder) {
        Traceback t = new Traceback(benchFolder);
        t.frames.add(new Frame(
                "/usr/lib/python3.11/runpy.py",
                198,
                "_run_module_as_main",
                "return _run_code(code, main_globals, None,"));
        t.frames.add(new Frame("/usr/lib/python3.11/runpy.py", 88, "_run_code", "exec(code, run_globals)"));
        t.app("frappe/utils/bench_helper.py", 114, "<module>", "main()");
        t.app("frappe/utils/bench_helper.py", 20, "main", "click.Group(commands=commands)(prog_name=\"bench\")");
        t.env("click/core.py", 1157, "__call__", "return self.main(*args, **kwargs)");
        t.env("click/core.py", 1078, "main", "rv = self.invoke(ctx)");
        t.env("click/core.py", 1688, "invoke", "return _process_result(sub_ctx.command.invoke(sub_ctx))");
        t.env("click/core.py", 1434, "invoke", "return ctx.invoke(self.callback, **ctx.params)");
        t.env("click/core.py", 783, "invoke", "return __callback(*args, **kwargs)");
        t.app("frappe/commands/__init__.py", 29, "_func", "ret = f(frappe._dict(ctx.obj), *args, **kwargs)");
        return t;
    }

    /** A frame in the frappe or erpnext app, path relative to {@code apps/}. */
    Traceback app(String file, int line, String function, String code) {
        frames.add(new Frame(benchFolder + "/apps/frappe/" + file, line, function, code));
        return this;
    }

    Traceback env(String file, int line, String function, String code) {
        frames.add(new Frame(benchFolder + "/env/lib/python3.11/site-packages/" + file, line, function, code));
        return this;
    }

    String render(String lastLine) {
        StringBuilder out = new StringBuilder("Traceback (most recent call last):\n");
        for (Frame f : frames) {
            out.append("  File \"")
                    .append(f.file())
                    .append("\", line ")
                    .append(f.line())
                    .append(", in ")
                    .append(f.function())
                    .append('\n');
            out.append("    ").append(f.code()).append('\n');
        }
        return out.append(lastLine).append('\n').toString();
    }
}
