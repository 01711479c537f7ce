package io.benchline.signup.messaging;

import java.util.function.Consumer;
import java.util.function.ObjLongConsumer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps one of this instance's global stores (a full copy of a compacted snapshot topic) and tells this
 * instance's listeners about each new snapshot: the single Kafka-fed feed every SSE stream shares.
 */
final class ViewUpdater<V> implements Processor<String, V, Void, Void> {

    private final String storeName;
    private final ObjLongConsumer<V> listener;
    private KeyValueStore<String, V> store;

    ViewUpdater(String storeName, Consumer<V> listener) {
        this(storeName, (value, timestamp) -> listener.accept(value));
    }

    /** @param listener also gets the snapshot's record timestamp (that of the event it was made from) */
    ViewUpdater(String storeName, ObjLongConsumer<V> listener) {
        this.storeName = storeName;
        this.listener = listener;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.store = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<String, V> record) {
        if (record.key() == null) {
            return;
        }
        store.put(record.key(), record.value());
        if (record.value() != null) {
            listener.accept(record.value(), record.timestamp());
        }
    }
}
