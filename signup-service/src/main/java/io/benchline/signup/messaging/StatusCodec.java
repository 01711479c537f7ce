package io.benchline.signup.messaging;

import io.benchline.signup.status.SignupStatus;
import io.benchline.signup.status.SignupStatus.Step;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The status store's (and so the status topic's) record format: a version byte, then the fields in declaration
 * order. Every status change is written, read back by its task and by every instance's global view; as JSON
 * (about 4 KB with its steps and remembered event ids) that cost a fifth of the service's CPU (issue 20). Records
 * written as JSON before this format (they start with {@code '{'}, never the version byte) are still read, so a
 * rolling upgrade and the compacted topic's old statuses need nothing. A field added to {@link SignupStatus} or
 * {@link Step} must be added here under a new version; {@code StatusCodecTests} fails until it is.
 */
final class StatusCodec implements Serde<SignupStatus> {

    /** The field lists this version writes, in order; checked against the records by the tests. */
    static final List<String> STATUS_FIELDS = List.of(
            "tenantId",
            "subdomain",
            "organization",
            "siteUrl",
            "plan",
            "requestedAt",
            "deadlineAt",
            "phase",
            "percent",
            "steps",
            "seenEventIds",
            "emailVerification",
            "path",
            "siteReady",
            "attempt");

    static final List<String> STEP_FIELDS = List.of(
            "id",
            "kind",
            "stage",
            "percent",
            "message",
            "at",
            "dashboardUrl",
            "failedStage",
            "reason",
            "retryable",
            "verification");

    static final List<String> SITE_READY_FIELDS = List.of("siteUrl", "dashboardUrl", "at");

    private static final byte VERSION_1 = 1;
    private static final byte JSON_START = '{';

    private final JsonSerde<SignupStatus> legacy = new JsonSerde<>(SignupStatus.class);

    @Override
    public Serializer<SignupStatus> serializer() {
        return (topic, status) -> status == null ? null : write(status);
    }

    @Override
    public Deserializer<SignupStatus> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            if (bytes.length > 0 && bytes[0] == JSON_START) {
                return legacy.deserializer().deserialize(topic, bytes);
            }
            if (bytes.length == 0 || bytes[0] != VERSION_1) {
                throw new SerializationException("record on " + topic + " is not a readable SignupStatus");
            }
            try {
                return read(new DataInputStream(new ByteArrayInputStream(bytes, 1, bytes.length - 1)));
            } catch (IOException | RuntimeException e) {
                // The message names the type only: record bytes are never echoed.
                throw new SerializationException("record on " + topic + " is not a readable SignupStatus");
            }
        };
    }

    static byte[] write(SignupStatus status) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
        DataOutputStream out = new DataOutputStream(bytes);
        try {
            out.writeByte(VERSION_1);
            writeUuid(out, status.tenantId());
            writeString(out, status.subdomain());
            writeString(out, status.organization());
            writeString(out, status.siteUrl());
            writeString(out, status.plan());
            writeInstant(out, status.requestedAt());
            writeInstant(out, status.deadlineAt());
            writeString(out, status.phase() == null ? null : status.phase().name());
            out.writeInt(status.percent());
            out.writeInt(status.steps().size());
            for (Step step : status.steps()) {
                writeStep(out, step);
            }
            out.writeInt(status.seenEventIds().size());
            for (UUID id : status.seenEventIds()) {
                writeUuid(out, id);
            }
            writeString(out, status.emailVerification());
            writeString(out, status.path());
            SignupStatus.SiteReady ready = status.siteReady();
            out.writeBoolean(ready != null);
            if (ready != null) {
                writeString(out, ready.siteUrl());
                writeString(out, ready.dashboardUrl());
                writeInstant(out, ready.at());
            }
            out.writeInt(status.attempt());
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return bytes.toByteArray();
    }

    private static SignupStatus read(DataInputStream in) throws IOException {
        UUID tenantId = readUuid(in);
        String subdomain = readString(in);
        String organization = readString(in);
        String siteUrl = readString(in);
        String plan = readString(in);
        Instant requestedAt = readInstant(in);
        Instant deadlineAt = readInstant(in);
        String phase = readString(in);
        int percent = in.readInt();
        int stepCount = in.readInt();
        List<Step> steps = new ArrayList<>(stepCount);
        for (int i = 0; i < stepCount; i++) {
            steps.add(readStep(in));
        }
        int idCount = in.readInt();
        List<UUID> seen = new ArrayList<>(idCount);
        for (int i = 0; i < idCount; i++) {
            seen.add(readUuid(in));
        }
        String emailVerification = readString(in);
        String path = readString(in);
        SignupStatus.SiteReady ready =
                in.readBoolean() ? new SignupStatus.SiteReady(readString(in), readString(in), readInstant(in)) : null;
        int attempt = in.readInt();
        return new SignupStatus(
                tenantId,
                subdomain,
                organization,
                siteUrl,
                plan,
                requestedAt,
                deadlineAt,
                phase == null ? null : SignupStatus.Phase.valueOf(phase),
                percent,
                steps,
                seen,
                emailVerification,
                path,
                ready,
                attempt);
    }

    private static void writeStep(DataOutputStream out, Step step) throws IOException {
        out.writeLong(step.id());
        writeString(out, step.kind());
        writeString(out, step.stage());
        out.writeInt(step.percent());
        writeString(out, step.message());
        writeInstant(out, step.at());
        writeString(out, step.dashboardUrl());
        writeString(out, step.failedStage());
        writeString(out, step.reason());
        out.writeByte(step.retryable() == null ? -1 : step.retryable() ? 1 : 0);
        writeString(out, step.verification());
    }

    private static Step readStep(DataInputStream in) throws IOException {
        long id = in.readLong();
        String kind = readString(in);
        String stage = readString(in);
        int percent = in.readInt();
        String message = readString(in);
        Instant at = readInstant(in);
        String dashboardUrl = readString(in);
        String failedStage = readString(in);
        String reason = readString(in);
        byte retryable = in.readByte();
        String verification = readString(in);
        return new Step(
                id,
                kind,
                stage,
                percent,
                message,
                at,
                dashboardUrl,
                failedStage,
                reason,
                retryable < 0 ? null : retryable == 1,
                verification);
    }

    /** Length-prefixed UTF-8; -1 for null. */
    private static void writeString(DataOutputStream out, String value) throws IOException {
        if (value == null) {
            out.writeInt(-1);
            return;
        }
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private static String readString(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            return null;
        }
        byte[] utf8 = in.readNBytes(length);
        if (utf8.length < length) {
            throw new EOFException();
        }
        return new String(utf8, StandardCharsets.UTF_8);
    }

    private static void writeUuid(DataOutputStream out, UUID id) throws IOException {
        out.writeBoolean(id != null);
        if (id != null) {
            out.writeLong(id.getMostSignificantBits());
            out.writeLong(id.getLeastSignificantBits());
        }
    }

    private static UUID readUuid(DataInputStream in) throws IOException {
        return in.readBoolean() ? new UUID(in.readLong(), in.readLong()) : null;
    }

    private static void writeInstant(DataOutputStream out, Instant at) throws IOException {
        out.writeBoolean(at != null);
        if (at != null) {
            out.writeLong(at.getEpochSecond());
            out.writeInt(at.getNano());
        }
    }

    private static Instant readInstant(DataInputStream in) throws IOException {
        return in.readBoolean() ? Instant.ofEpochSecond(in.readLong(), in.readInt()) : null;
    }
}
