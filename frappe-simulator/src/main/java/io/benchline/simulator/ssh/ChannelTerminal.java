package io.benchline.simulator.ssh;

import io.benchline.simulator.bench.Terminal;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import org.apache.sshd.server.channel.ChannelSession;

/** A {@link Terminal} over one exec channel; a closed channel releases hung commands and blocked reads. */
final class ChannelTerminal implements Terminal {

    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;
    private final ChannelSession channel;
    private final CountDownLatch closed;

    ChannelTerminal(InputStream in, OutputStream out, OutputStream err, ChannelSession channel, CountDownLatch closed) {
        this.in = in;
        this.out = new PrintStream(out, false, StandardCharsets.UTF_8);
        this.err = new PrintStream(err, false, StandardCharsets.UTF_8);
        this.channel = channel;
        this.closed = closed;
    }

    @Override
    public String readLine() throws InterruptedException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try {
            while (true) {
                int b = in.read();
                if (b < 0) {
                    return line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
                }
                if (b == '\n') {
                    return line.toString(StandardCharsets.UTF_8).replaceFirst("\r$", "");
                }
                line.write(b);
            }
        } catch (InterruptedIOException e) {
            throw new InterruptedException("channel closed while reading stdin");
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public PrintStream out() {
        return out;
    }

    @Override
    public PrintStream err() {
        return err;
    }

    @Override
    public void hangUntilClosed() throws InterruptedException {
        closed.await();
    }

    @Override
    public void dropConnection() {
        out.flush();
        err.flush();
        channel.getSession().close(true);
    }
}
