package io.benchline.platform.kafka.store;

/** Turns a store's values into record values and back; a decode failure marks the record unreadable. */
public interface ValueCodec<V> {

    byte[] encode(V value);

    V decode(byte[] bytes);
}
