package io.benchline.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU time and memory of a Linux process, read from /proc (what `top` and `ps` show). */
record ProcessUsage(double cpuSeconds, long rssKib, long peakRssKib) {

    /** Clock ticks per second of /proc/PID/stat; 100 on every Linux this stack runs on. */
    private static final double TICKS_PER_SECOND = 100.0;

    static ProcessUsage of(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // Fields after the command name (which may hold spaces) start after the last ')'.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            double cpu = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
            long rss = 0;
            long peak = 0;
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = kib(line);
                } else if (line.startsWith("VmHWM:")) {
                    peak = kib(line);
                }
            }
            return new ProcessUsage(cpu, rss, peak);
        } catch (IOException | RuntimeException e) {
            return new ProcessUsage(Double.NaN, -1, -1);
        }
    }

    private static long kib(String line) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
    }
}
