package io.benchline.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Asserts that a plain-text secret appears nowhere a system wrote: captured log lines and the raw bytes of every
 * Kafka record (key, value, headers). Checks UTF-8 bytes, so Avro strings and JSON are both covered.
 */
public final class SecretScan {

    private SecretScan() {}

    public static void assertNotInLogs(String secret, List<String> logLines) {
        assertThat(logLines).as("log lines containing the secret").noneMatch(line -> line.contains(secret));
    }

    public static void assertNotInRecords(String secret, List<TopicDump.RawRecord> records) {
        byte[] needle = secret.getBytes(StandardCharsets.UTF_8);
        for (TopicDump.RawRecord r : records) {
            assertThat(contains(r.key(), needle))
                    .as("key of a record on %s", r.topic())
                    .isFalse();
            assertThat(contains(r.value(), needle))
                    .as("value of a record on %s", r.topic())
                    .isFalse();
            for (byte[] header : r.headerValues()) {
                assertThat(contains(header, needle))
                        .as("header of a record on %s", r.topic())
                        .isFalse();
            }
        }
    }

    static boolean contains(byte[] haystack, byte[] needle) {
        if (haystack == null || needle.length == 0) {
            return false;
        }
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return Arrays.equals(haystack, needle);
    }
}
