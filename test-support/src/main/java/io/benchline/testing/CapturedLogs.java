package io.benchline.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.LoggerContextListener;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;

/**
 * Everything logged in this JVM at DEBUG or above while it is attached, from every logger whatever its configured
 * level ({@code logback-test.xml} or {@code logging.level.*} may hold SSHD and Kafka at WARN), rendered with
 * arguments, throwables and MDC, so a test can prove no secret was ever written to a log.
 *
 * <p>It records from a turbo filter, which logback consults before any level check: for the capture every logger
 * is at DEBUG, while the configured appenders keep seeing only what their levels let through. A Spring Boot
 * application started during the capture resets logback; the capture re-attaches itself after such a reset.
 */
public final class CapturedLogs implements AutoCloseable {

    private static final String FQCN = ch.qos.logback.classic.Logger.class.getName();

    private final ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();
    private final LoggerContext context;
    private final TurboFilter recorder = new TurboFilter() {
        @Override
        public FilterReply decide(
                Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
            if (!level.isGreaterOrEqual(Level.DEBUG)) {
                return FilterReply.NEUTRAL;
            }
            if (format == null && params == null && t == null) {
                // An is-enabled question (log.isDebugEnabled()): say yes, so guarded DEBUG lines are written.
                return FilterReply.ACCEPT;
            }
            lines.add(render(new LoggingEvent(FQCN, logger, level, format, t, params)));
            // The event itself goes on to the configured appenders only if their level allows it.
            return FilterReply.NEUTRAL;
        }
    };
    private final LoggerContextListener reattach = new LoggerContextListener() {
        @Override
        public boolean isResetResistant() {
            return true;
        }

        @Override
        public void onReset(LoggerContext resetContext) {
            resetContext.addTurboFilter(recorder);
        }

        @Override
        public void onStart(LoggerContext startedContext) {}

        @Override
        public void onStop(LoggerContext stoppedContext) {}

        @Override
        public void onLevelChange(Logger logger, Level level) {}
    };

    private CapturedLogs() {
        context = (LoggerContext) LoggerFactory.getILoggerFactory();
    }

    /** Starts capturing every logger at DEBUG and above. */
    public static CapturedLogs start() {
        CapturedLogs logs = new CapturedLogs();
        logs.recorder.setName("captured-logs");
        logs.recorder.start();
        logs.context.addListener(logs.reattach);
        logs.context.addTurboFilter(logs.recorder);
        return logs;
    }

    public List<String> lines() {
        return new ArrayList<>(lines);
    }

    @Override
    public void close() {
        context.removeListener(reattach);
        context.getTurboFilterList().remove(recorder);
        recorder.stop();
    }

    private static String render(ILoggingEvent event) {
        StringBuilder line = new StringBuilder()
                .append(event.getLevel())
                .append(' ')
                .append(event.getLoggerName())
                .append(' ')
                .append(event.getFormattedMessage())
                .append(' ')
                .append(event.getMDCPropertyMap());
        for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
            line.append(" | ").append(t.getClassName()).append(": ").append(t.getMessage());
            for (StackTraceElementProxy frame : t.getStackTraceElementProxyArray()) {
                line.append(' ').append(frame.getSTEAsString());
            }
        }
        return line.toString();
    }
}
