package io.benchline.user.messaging;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.DefaultTransactionIdSuffixStrategy;

/**
 * user-service's transactional ids are {@code user-service-<instance id>-<n>} with {@code n} from a fixed pool
 * ({@code 0 … pool - 1}), so an instance restarted under the same {@code benchline.user.instance-id} reuses exactly
 * the ids its predecessor held. On start, before the listener and the ledger, it opens a producer for every id of
 * the pool: each {@code initTransactions()} fences the id's previous holder and aborts the transaction it left
 * open (a kill -9 between its first send and its commit). Without this the open transaction holds every
 * read_committed reader of the partitions it wrote ({@code tenant.signup-completed},
 * {@code tenant.provisioning-failed}, {@code user.outcomes}) until {@code transaction.timeout.ms}: Spring's default
 * suffixes only grow, so a restarted instance would not necessarily reuse the id that was left open. The fenced
 * producers stay in the factory's cache for the listener.
 */
class TransactionalIds implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(TransactionalIds.class);

    private final DefaultKafkaProducerFactory<?, ?> producers;
    private final int pool;
    private volatile boolean running;

    TransactionalIds(DefaultKafkaProducerFactory<?, ?> producers, int pool) {
        this.producers = producers;
        this.pool = pool;
    }

    /** Bounds the suffixes to the pool: a producer that failed gives its id back, its replacement takes it again. */
    static void limitToPool(DefaultKafkaProducerFactory<?, ?> producers, int pool) {
        producers.setTransactionIdSuffixStrategy(new DefaultTransactionIdSuffixStrategy(pool));
    }

    @Override
    public void start() {
        List<Producer<?, ?>> fenced = new ArrayList<>();
        try {
            // Held all at once, so each takes a different id of the pool.
            for (int i = 0; i < pool; i++) {
                fenced.add(producers.createProducer());
            }
        } finally {
            fenced.forEach(Producer::close);
        }
        log.info(
                "Transactional ids {}0 … {}{} initialised: whatever an earlier holder left open is aborted",
                producers.getTransactionIdPrefix(),
                producers.getTransactionIdPrefix(),
                pool - 1);
        running = true;
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Before the listener containers (phase {@code Integer.MAX_VALUE - 100}) and the ledger. */
    @Override
    public int getPhase() {
        return -1;
    }
}
