package io.benchline.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How fast this machine runs a fixed piece of JVM work while nothing else of the stack runs (before it starts, after
 * it stops). The same build measured 41 ms of CPU per signup on one 2-core machine and 63 ms on another a day later,
 * and this work took 390 ms before one run and 584 ms before the next on the same virtual machine: a benchmark's
 * figures mean little without the speed of the machine at the time. The work is what the services spend their time
 * on (strings, hash maps, a sort), single-threaded; lower is faster.
 */
final class MachineSpeed {

    private static final int KEYS = 200_000;
    private static final int ROUNDS = 7;
    private static final int WARM_UP_ROUNDS = 2;

    /** The work's result goes here, so the JIT cannot drop the work. */
    private static volatile long sink;

    private MachineSpeed() {}

    /**
     * One line: cores, the CPU's model where Linux tells it, and the reference work's median time.
     *
     * @param when when it was measured, e.g. "before the stack started"
     */
    static String describe(String when) {
        long[] millis = new long[ROUNDS - WARM_UP_ROUNDS];
        for (int round = 0; round < ROUNDS; round++) {
            long start = System.nanoTime();
            sink += referenceWork();
            if (round >= WARM_UP_ROUNDS) {
                millis[round - WARM_UP_ROUNDS] = (System.nanoTime() - start) / 1_000_000;
            }
        }
        Arrays.sort(millis);
        return String.format(
                "machine %s: %d cores, %s; reference work (strings, hash maps, a sort; one thread) %d ms, median of"
                        + " %d (%d–%d; lower is faster)%n",
                when,
                Runtime.getRuntime().availableProcessors(),
                cpuModel(),
                millis[millis.length / 2],
                millis.length,
                millis[0],
                millis[millis.length - 1]);
    }

    private static long referenceWork() {
        Map<String, Integer> map = new HashMap<>();
        for (int i = 0; i < KEYS; i++) {
            map.put(key(i), i);
        }
        long sum = 0;
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < KEYS; i++) {
                sum += map.get(key(i));
            }
        }
        List<String> keys = new ArrayList<>(map.keySet());
        Collections.sort(keys);
        return sum + keys.get(KEYS / 2).hashCode();
    }

    private static String key(int i) {
        return "tenant-" + Integer.toHexString(i * 0x9E3779B1);
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(line -> line.startsWith("model name"))
                    .map(line -> line.substring(line.indexOf(':') + 1).strip())
                    .findFirst()
                    .orElse("CPU model unknown");
        } catch (IOException | RuntimeException e) {
            return "CPU model unknown";
        }
    }
}
