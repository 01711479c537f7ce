package io.benchline.platform.kafka.store;

import java.util.Map;
import java.util.function.BiFunction;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Applies records to the latest values of their keys, as compaction will: a tombstone removes its key. */
final class LatestValues<V> {

    private static final Logger log = LoggerFactory.getLogger(LatestValues.class);

    private final ValueCodec<V> codec;
    private final BiFunction<String, V, String> keyOf;

    LatestValues(ValueCodec<V> codec) {
        this(codec, (recordKey, value) -> recordKey);
    }

    /** @param keyOf the key a value is kept under, from the record's key and the decoded value */
    LatestValues(ValueCodec<V> codec, BiFunction<String, V, String> keyOf) {
        this.codec = codec;
        this.keyOf = keyOf;
    }

    /** An unreadable record is logged by its position only (values may be personal) and leaves the key as it was. */
    void apply(ConsumerRecord<String, byte[]> record, Map<String, V> values) {
        if (record.key() == null) {
            log.error("Skipping a record without key at {}-{}@{}", record.topic(), record.partition(), record.offset());
            return;
        }
        if (record.value() == null) {
            values.remove(record.key());
            return;
        }
        try {
            V value = codec.decode(record.value());
            values.put(keyOf.apply(record.key(), value), value);
        } catch (RuntimeException e) {
            log.error(
                    "Skipping an unreadable record at {}-{}@{}: {}",
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    e.getClass().getSimpleName());
        }
    }
}
