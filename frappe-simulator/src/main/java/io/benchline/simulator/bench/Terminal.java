package io.benchline.simulator.bench;

import java.io.PrintStream;

/** What a command sees of the SSH channel it runs on: stdin, stdout, stderr, and the connection itself. */
public interface Terminal {

    /** One line from stdin without its newline, blocking like {@code input()}; null at end of input. */
    String readLine() throws InterruptedException;

    PrintStream out();

    PrintStream err();

    /** Blocks until the client closes the channel: models a process that never exits. */
    void hangUntilClosed() throws InterruptedException;

    /** Cuts the SSH connection under the running command, as a network failure would. */
    void dropConnection();
}
