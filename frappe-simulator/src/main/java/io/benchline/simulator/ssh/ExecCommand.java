package io.benchline.simulator.ssh;

import io.benchline.simulator.bench.CommandAborted;
import io.benchline.simulator.shell.ShellInterpreter;
import io.benchline.simulator.shell.ShellLine;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One exec request: runs its line on its own thread, like a process (a thread of a cached pool: never queued behind
 * another command, but not a new thread per command — ~8 per signup; pooling them took ~1.4 ms of the simulator's
 * CPU per signup at concurrency 50, BENCHMARKS.md, issue 20, session 10). Closing the channel does NOT stop it:
 * an exec without a PTY gets no hang-up, so the command runs to its end on the host (only {@code timeout} or
 * an injected fault ends it early). A command hung by a fault is released when its channel closes.
 */
final class ExecCommand implements Command {

    private static final Logger log = LoggerFactory.getLogger(ExecCommand.class);
    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final ExecutorService WORKERS = Executors.newCachedThreadPool(command -> {
        Thread worker = new Thread(command, "bench-exec-" + THREADS.incrementAndGet());
        worker.setDaemon(true);
        return worker;
    });

    private final String commandLine;
    private final ShellInterpreter shell;
    private final CommandJournal journal;
    private final CountDownLatch closed = new CountDownLatch(1);
    private InputStream in;
    private OutputStream out;
    private OutputStream err;
    private ExitCallback exitCallback;

    ExecCommand(String commandLine, ShellInterpreter shell, CommandJournal journal) {
        this.commandLine = commandLine;
        this.shell = shell;
        this.journal = journal;
    }

    @Override
    public void setInputStream(InputStream in) {
        this.in = in;
    }

    @Override
    public void setOutputStream(OutputStream out) {
        this.out = out;
    }

    @Override
    public void setErrorStream(OutputStream err) {
        this.err = err;
    }

    @Override
    public void setExitCallback(ExitCallback callback) {
        this.exitCallback = callback;
    }

    @Override
    public void start(ChannelSession channel, Environment env) {
        ChannelTerminal terminal = new ChannelTerminal(in, out, err, channel, closed);
        WORKERS.execute(() -> run(terminal));
    }

    private void run(ChannelTerminal terminal) {
        try {
            runLine(terminal);
        } finally {
            // A timeout's kill that landed as the command ended must not reach the pooled thread's next command.
            Thread.interrupted();
        }
    }

    private void runLine(ChannelTerminal terminal) {
        ShellLine line = ShellLine.parse(commandLine, shell.home());
        CommandJournal.Entry entry = journal.received(commandLine, line.words());
        int exit;
        try {
            exit = shell.run(line, terminal);
        } catch (CommandAborted | InterruptedException e) {
            entry.exited(CommandJournal.NO_EXIT_STATUS);
            return;
        } catch (RuntimeException e) {
            // A simulator bug, not a simulated failure: say so on stderr instead of killing the channel.
            log.warn("Simulator error while running a bench command", e);
            terminal.err().println("simulator error: " + e.getClass().getSimpleName());
            exit = 1;
        }
        entry.exited(exit);
        try {
            terminal.out().flush();
            terminal.err().flush();
            exitCallback.onExit(exit);
        } catch (RuntimeException e) {
            // The client went away; the command finished on the host all the same.
            log.debug("Exit status {} not delivered: channel closed", exit);
        }
    }

    @Override
    public void destroy(ChannelSession channel) {
        closed.countDown();
    }
}
