package io.benchline.simulator.bench;

/** One bench subcommand: its click signature and what it does. */
interface BenchCommand {

    ClickArgs.Spec spec();

    /** Returns the exit status; may throw {@link Exit} or {@link CommandAborted}. */
    int run(Invocation invocation, ClickArgs args) throws InterruptedException;
}
