package io.benchline.user.messaging;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.AfterRollbackProcessor;
import org.springframework.kafka.listener.ContainerProperties.EOSMode;
import org.springframework.kafka.listener.ListenerUtils;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * A poll whose transaction was rolled back is read again from its first records after {@code retryInterval}, as
 * often as it takes. Its records' own failures never get here ({@link KeysActiveListener} dead-letters them inside
 * the poll's transaction); what does is the broker, a fenced producer, a shutdown mid-poll. Spring's default would
 * dead-letter the whole poll after a few tries: good signups thrown away for a broker outage.
 */
class RetryPollAfterRollback implements AfterRollbackProcessor<Object, Object> {

    private static final Logger log = LoggerFactory.getLogger(RetryPollAfterRollback.class);

    private final Duration retryInterval;

    RetryPollAfterRollback(Duration retryInterval) {
        this.retryInterval = retryInterval;
    }

    @Override
    public void process(
            List<ConsumerRecord<Object, Object>> records,
            Consumer<Object, Object> consumer,
            MessageListenerContainer container,
            Exception exception,
            boolean recoverable,
            EOSMode eosMode) {
        Map<TopicPartition, Long> first = new LinkedHashMap<>();
        for (ConsumerRecord<Object, Object> r : records) {
            first.putIfAbsent(new TopicPartition(r.topic(), r.partition()), r.offset());
        }
        first.forEach(consumer::seek);
        log.warn(
                "A poll of {} records was rolled back; reading it again in {}: {}",
                records.size(),
                retryInterval,
                exception.toString());
        try {
            ListenerUtils.stoppableSleep(container, retryInterval.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void processBatch(
            ConsumerRecords<Object, Object> records,
            List<ConsumerRecord<Object, Object>> recordList,
            Consumer<Object, Object> consumer,
            MessageListenerContainer container,
            Exception exception,
            boolean recoverable,
            EOSMode eosMode) {
        process(recordList, consumer, container, exception, recoverable, eosMode);
    }
}
