package io.benchline.localstack.chaos;

import io.benchline.simulator.FrappeSimulator;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Everything the invariant checker reads, all of it written by the system itself after the run has settled: every
 * Kafka topic from its start (through {@code kafkaAdminConfig}), the bench host's command records, sites and files
 * (the simulator), and each process's log ({@code logsFolder}, one {@code <process>.log} per process). {@code
 * accepted} is the driver's list of 202 answers, the only thing taken from the driver.
 */
public record ChaosEvidence(
        Map<String, Object> kafkaAdminConfig,
        FrappeSimulator simulator,
        Path logsFolder,
        List<AcceptedSignup> accepted) {

    public ChaosEvidence {
        kafkaAdminConfig = Map.copyOf(kafkaAdminConfig);
        accepted = List.copyOf(accepted);
    }
}
