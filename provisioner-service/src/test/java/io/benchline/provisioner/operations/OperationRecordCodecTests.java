package io.benchline.provisioner.operations;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchline.events.SiteOperation;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * An operation's record survives the compacted topic as it was written (a restarted instance re-sends the very same
 * answer, backup included), through every state.
 */
class OperationRecordCodecTests {

    private final OperationRecordCodec codec = new OperationRecordCodec();
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    @Test
    void everyStateRoundTrips() {
        OperationRecord running =
                OperationRecord.running(UUID.randomUUID(), UUID.randomUUID(), 7, SiteOperation.ARCHIVE, now);
        OperationRecord.TakenBackup backup = new OperationRecord.TakenBackup(
                "bench-1",
                "/b/acme.localhost/op",
                List.of(
                        new OperationRecord.TakenBackup.File(
                                "database", "/b/acme.localhost/op/x.sql.gz", 42, "ab".repeat(32)),
                        new OperationRecord.TakenBackup.File(
                                "public-files", "/b/acme.localhost/op/x.tar", 10, "cd".repeat(32))),
                52,
                now);
        OperationRecord answered = running.answered(now, true, null, "bench-1", "acme.localhost", backup);
        OperationRecord failed = running.answered(now, false, "SUSPEND failed: exited 1", "bench-1", null, null);

        for (OperationRecord record : List.of(running, answered, answered.published(), failed)) {
            assertThat(codec.decode(codec.encode(record))).isEqualTo(record);
        }
        assertThat(new String(codec.encode(answered), StandardCharsets.UTF_8)).contains("\"state\":\"ANSWERED\"");
        assertThat(answered.published().eventId()).isEqualTo(answered.eventId());
    }
}
