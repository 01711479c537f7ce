package io.benchline.localstack.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretNeedlesTests {

    @TempDir
    Path logs;

    @Test
    void findsEverySecretWhereverItIsAndNamesItByItsLabel() {
        SecretNeedles needles = new SecretNeedles();
        needles.add("a1b2c3d4e5f6a7b", "api secret of x");
        needles.add("Correct-Horse-9", "password of t");
        needles.add("short", "too short to scan");
        needles.prepare();

        assertThat(needles.size()).isEqualTo(2);
        assertThat(needles.skipped()).isEqualTo(1);
        assertThat(needles.find(bytes("a1b2c3d4e5f6a7b"))).containsExactly("api secret of x");
        assertThat(needles.find(bytes("{\"k\":\"x\",\"p\":\"Correct-Horse-9\"} and a1b2c3d4e5f6a7b at the end")))
                .containsExactlyInAnyOrder("password of t", "api secret of x");
        assertThat(needles.find(bytes("a1b2c3d4e5f6a7 Correct-Horse-8 short"))).isEmpty();
        assertThat(needles.find(null)).isEmpty();
    }

    @Test
    void findsASecretAcrossTheBorderOfTwoChunksOfALog() throws Exception {
        SecretNeedles needles = new SecretNeedles();
        needles.add("0123456789abcde", "api secret of y");
        needles.prepare();
        byte[] log = new byte[(1 << 20) + 100];
        Arrays.fill(log, (byte) 'x');
        System.arraycopy(bytes("0123456789abcde"), 0, log, (1 << 20) - 7, 15);
        Path file = logs.resolve("verifier-service.log");
        Files.write(file, log);
        Files.writeString(logs.resolve("clean.log"), "nothing here\n");
        Files.writeString(logs.resolve("notes.txt"), "0123456789abcde is not in a log file\n");

        List<Path> files = PlaintextSecrets.logFiles(logs);

        assertThat(files)
                .extracting(p -> p.getFileName().toString())
                .containsExactly("clean.log", "verifier-service.log");
        assertThat(PlaintextSecrets.scanLogs(files, needles, needles.longest()))
                .containsExactly("api secret of y in log verifier-service.log");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
