package io.benchline.localstack.chaos;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds any of many plain-text secrets in bytes in one pass (Rabin-Karp over a window as long as the shortest
 * secret), so hundreds of secrets against every Kafka record and every log line cost one scan, not hundreds. Each
 * secret has a label (whose secret it is, never the secret) that violations name.
 */
final class SecretNeedles {

    /** Shorter strings than this are not secrets worth a scan: they match by chance. */
    static final int MIN_LENGTH = 6;

    private static final long BASE = 1_000_003L;
    private static final int FILTER_BITS = 1 << 20;

    private final Map<String, String> labelBySecret = new LinkedHashMap<>();
    private final Map<Long, List<byte[]>> byWindowHash = new HashMap<>();
    private final Map<byte[], String> labels = new HashMap<>();
    private final BitSet filter = new BitSet(FILTER_BITS);
    private int window = Integer.MAX_VALUE;
    private long highPower;
    private int skipped;

    /** Adds a secret; the first label given for a value is kept. */
    void add(String secret, String label) {
        if (secret == null || secret.length() < MIN_LENGTH) {
            skipped++;
            return;
        }
        labelBySecret.putIfAbsent(secret, label);
    }

    int size() {
        return labelBySecret.size();
    }

    /** The length in bytes of the longest secret. */
    int longest() {
        return labelBySecret.keySet().stream()
                .mapToInt(s -> s.getBytes(StandardCharsets.UTF_8).length)
                .max()
                .orElse(0);
    }

    /** Secrets left out for being shorter than {@link #MIN_LENGTH}. */
    int skipped() {
        return skipped;
    }

    /** Freezes the set: call once after the last {@link #add}. */
    SecretNeedles prepare() {
        for (String secret : labelBySecret.keySet()) {
            window = Math.min(window, secret.getBytes(StandardCharsets.UTF_8).length);
        }
        if (labelBySecret.isEmpty()) {
            return this;
        }
        highPower = 1;
        for (int i = 1; i < window; i++) {
            highPower *= BASE;
        }
        labelBySecret.forEach((secret, label) -> {
            byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
            long hash = hash(bytes, 0, window);
            byWindowHash.computeIfAbsent(hash, h -> new ArrayList<>()).add(bytes);
            labels.put(bytes, label);
            filter.set(slot(hash));
        });
        return this;
    }

    /** The labels of the secrets found in {@code haystack}, each once. */
    List<String> find(byte[] haystack) {
        if (haystack == null || labels.isEmpty() || haystack.length < window) {
            return List.of();
        }
        List<String> found = new ArrayList<>(0);
        long hash = hash(haystack, 0, window);
        for (int start = 0; ; start++) {
            if (filter.get(slot(hash))) {
                List<byte[]> candidates = byWindowHash.get(hash);
                if (candidates != null) {
                    for (byte[] candidate : candidates) {
                        if (matchesAt(haystack, start, candidate)) {
                            String label = labels.get(candidate);
                            if (!found.contains(label)) {
                                found.add(label);
                            }
                        }
                    }
                }
            }
            int next = start + window;
            if (next >= haystack.length) {
                return found;
            }
            hash = (hash - (haystack[start] & 0xff) * highPower) * BASE + (haystack[next] & 0xff);
        }
    }

    private static long hash(byte[] bytes, int from, int length) {
        long h = 0;
        for (int i = from; i < from + length; i++) {
            h = h * BASE + (bytes[i] & 0xff);
        }
        return h;
    }

    private static int slot(long hash) {
        return (int) ((hash ^ (hash >>> 29)) & (FILTER_BITS - 1));
    }

    private static boolean matchesAt(byte[] haystack, int start, byte[] needle) {
        if (start + needle.length > haystack.length) {
            return false;
        }
        for (int i = 0; i < needle.length; i++) {
            if (haystack[start + i] != needle[i]) {
                return false;
            }
        }
        return true;
    }
}
