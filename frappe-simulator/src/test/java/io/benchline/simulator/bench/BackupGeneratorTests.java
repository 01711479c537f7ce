package io.benchline.simulator.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BackupGeneratorTests {

    @Test
    void fileSizesAreFormattedLikeFrappesGetFileSize() {
        // f"{num:3.1f}{unit}B", dividing by 1024 while the number is 1024 or more.
        assertThat(BackupGenerator.fileSize(0)).isEqualTo("0.0B");
        assertThat(BackupGenerator.fileSize(512)).isEqualTo("512.0B");
        assertThat(BackupGenerator.fileSize(1023)).isEqualTo("1023.0B");
        assertThat(BackupGenerator.fileSize(1024)).isEqualTo("1.0KiB");
        assertThat(BackupGenerator.fileSize(10240)).isEqualTo("10.0KiB");
        assertThat(BackupGenerator.fileSize(1536)).isEqualTo("1.5KiB");
        // 1.05 KiB is 1075.2 bytes; 1076 bytes is 1.05078125 KiB -> "1.1"
        assertThat(BackupGenerator.fileSize(1076)).isEqualTo("1.1KiB");
        // 0.25 steps are exact in binary: Python rounds half to even (1.25 -> 1.2, 1.75 -> 1.8).
        assertThat(BackupGenerator.fileSize(1280)).isEqualTo("1.2KiB");
        assertThat(BackupGenerator.fileSize(1792)).isEqualTo("1.8KiB");
        assertThat(BackupGenerator.fileSize(5L * 1024 * 1024 + 512 * 1024)).isEqualTo("5.5MiB");
    }
}
