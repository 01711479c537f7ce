package io.benchline.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CiTests {

    @Test
    void anyValueOfCiMeansCiEvenEmptyOrFalse() {
        assertThat(Ci.isRunning("true")).isTrue();
        assertThat(Ci.isRunning("1")).isTrue();
        assertThat(Ci.isRunning("")).isTrue();
        assertThat(Ci.isRunning("false")).isTrue();
        assertThat(Ci.isRunning(null)).isFalse();
    }
}
