package io.benchline.localstack;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where one JVM spent its CPU, from a Flight Recorder file: the methods on top of the most execution samples (self
 * time), the non-JDK methods nearest the top of each sampled stack (whose code the JDK was running for, e.g.
 * Kafka's log append), and the Benchline methods nearest the top (which of our code paths the time is
 * under). Only samples inside a window count, so the benchmark's signups are not drowned by the JVM's start.
 */
record HotMethods(long samples, List<Hot> topFrames, List<Hot> applicationFrames, List<Hot> benchlineFrames) {

    private static final String EXECUTION_SAMPLE = "jdk.ExecutionSample";
    private static final String OUR_PACKAGE = "io.benchline.";
    /** The JDK's own code: a sample on top of a HashMap lookup says little until we know whose lookup it was. */
    private static final List<String> JDK_PACKAGES = List.of("java.", "javax.", "jdk.", "sun.", "com.sun.");

    record Hot(String method, long samples) {}

    static HotMethods of(Path recording, Instant from, Instant to, int limit) throws IOException {
        Map<String, Long> top = new HashMap<>();
        Map<String, Long> application = new HashMap<>();
        Map<String, Long> ours = new HashMap<>();
        long samples = 0;
        try (RecordingFile file = new RecordingFile(recording)) {
            while (file.hasMoreEvents()) {
                RecordedEvent event = file.readEvent();
                if (!event.getEventType().getName().equals(EXECUTION_SAMPLE)
                        || event.getStartTime().isBefore(from)
                        || event.getStartTime().isAfter(to)) {
                    continue;
                }
                RecordedStackTrace stack = event.getStackTrace();
                if (stack == null || stack.getFrames().isEmpty()) {
                    continue;
                }
                samples++;
                top.merge(name(stack.getFrames().get(0).getMethod()), 1L, Long::sum);
                for (RecordedFrame frame : stack.getFrames()) {
                    String method = name(frame.getMethod());
                    if (JDK_PACKAGES.stream().noneMatch(method::startsWith)) {
                        application.merge(method, 1L, Long::sum);
                        break;
                    }
                }
                for (RecordedFrame frame : stack.getFrames()) {
                    String method = name(frame.getMethod());
                    if (method.startsWith(OUR_PACKAGE)) {
                        ours.merge(method, 1L, Long::sum);
                        break;
                    }
                }
            }
        }
        return new HotMethods(samples, hottest(top, limit), hottest(application, limit), hottest(ours, limit));
    }

    private static String name(RecordedMethod method) {
        return method.getType().getName() + "." + method.getName();
    }

    private static List<Hot> hottest(Map<String, Long> counts, int limit) {
        List<Hot> hot = new ArrayList<>();
        counts.forEach((method, n) -> hot.add(new Hot(method, n)));
        hot.sort(Comparator.comparingLong(Hot::samples).reversed().thenComparing(Hot::method));
        return List.copyOf(hot.subList(0, Math.min(limit, hot.size())));
    }

    String describe() {
        StringBuilder out = new StringBuilder();
        out.append(String.format("  %d execution samples in the run%n", samples));
        append(out, "  hottest methods (self, top of the stack):", topFrames);
        append(out, "  nearest method outside the JDK on the sampled stacks:", applicationFrames);
        append(out, "  nearest Benchline method on the sampled stacks:", benchlineFrames);
        return out.toString();
    }

    private void append(StringBuilder out, String title, List<Hot> hot) {
        out.append(title).append(System.lineSeparator());
        if (hot.isEmpty()) {
            out.append("    (none)").append(System.lineSeparator());
        }
        for (Hot h : hot) {
            out.append(
                    String.format("    %5.1f %%  %6d  %s%n", 100.0 * h.samples() / samples, h.samples(), h.method()));
        }
    }
}
