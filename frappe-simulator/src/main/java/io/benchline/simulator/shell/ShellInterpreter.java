package io.benchline.simulator.shell;

import io.benchline.simulator.bench.BenchCli;
import io.benchline.simulator.bench.CommandAborted;
import io.benchline.simulator.bench.CommandFault;
import io.benchline.simulator.bench.CommandFaultPolicy;
import io.benchline.simulator.bench.Terminal;
import io.benchline.simulator.host.BenchHost;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs a parsed {@link ShellLine} as the bench user's {@code sh -c} would: {@code cd}, {@code bench}, the
 * host's nginx reload command, {@code &&} stopping at the first failure. Any other program is "not found".
 */
public final class ShellInterpreter {

    /** Exit status for syntax errors, as dash uses. */
    public static final int SYNTAX_ERROR = 2;

    private final BenchHost host;
    private final BenchCli bench;
    private final CommandFaultPolicy faults;
    private final List<String> reloadCommand;

    public ShellInterpreter(BenchHost host, BenchCli bench, CommandFaultPolicy faults, String reloadCommand) {
        this.host = host;
        this.bench = bench;
        this.faults = faults;
        this.reloadCommand =
                ShellLine.parse(reloadCommand, host.settings().homeFolder()).words();
    }

    public String home() {
        return host.settings().homeFolder();
    }

    /**
     * @throws CommandAborted when the command ends without an exit status
     */
    public int run(ShellLine line, Terminal terminal) throws InterruptedException {
        if (line.refused()) {
            terminal.err().println(line.refusal());
            terminal.err().flush();
            return SYNTAX_ERROR;
        }
        String cwd = host.settings().loginFolder();
        int exit = 0;
        for (List<String> command : line.commands()) {
            String program = command.get(0);
            List<String> args = command.subList(1, command.size());
            if (program.equals("cd")) {
                String target = args.isEmpty() ? home() : args.get(0);
                String resolved = Path.of(cwd).resolve(target).normalize().toString();
                if (args.size() > 1 || !host.isDirectory(resolved)) {
                    terminal.err().println("sh: 1: cd: can't cd to " + target);
                    exit = 2;
                } else {
                    cwd = resolved;
                    exit = 0;
                }
            } else if (program.equals("bench")) {
                exit = bench.run(args, cwd, terminal);
            } else if (command.equals(reloadCommand)) {
                exit = reloadNginx(terminal);
            } else if (program.equals("sudo")) {
                terminal.err()
                        .print(
                                "sudo: a terminal is required to read the password; either use the -S option"
                                        + " to read from standard input or configure an askpass helper\nsudo: a password is required\n");
                exit = 1;
            } else {
                terminal.err().println("sh: 1: " + program + ": not found");
                exit = 127;
            }
            terminal.err().flush();
            if (exit != 0) {
                return exit;
            }
        }
        return exit;
    }

    private int reloadNginx(Terminal terminal) throws InterruptedException {
        CommandFault fault = faults.decide(List.of("nginx-reload"));
        if (fault == CommandFault.FAIL) {
            terminal.err()
                    .print(
                            "Job for nginx.service failed because the control process exited with error code.\n"
                                    + "See \"systemctl status nginx.service\" and \"journalctl -xeu nginx.service\" for details.\n");
            return 1;
        }
        host.reloadNginx();
        if (fault == CommandFault.HANG) {
            terminal.hangUntilClosed();
            throw new CommandAborted("channel closed while the command hung");
        }
        if (fault == CommandFault.DROP) {
            terminal.dropConnection();
            throw new CommandAborted("connection dropped");
        }
        return 0;
    }
}
