package io.benchline.provisioner.messaging;

import io.benchline.provisioner.provisioning.Intake;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * Pauses and resumes the tenant.requested listener container. A paused Spring Kafka container keeps calling
 * {@code poll()} (returning nothing), so the consumer stays in its group however long the slots stay busy.
 */
public final class ListenerIntake implements Intake {

    private final KafkaListenerEndpointRegistry registry;
    private volatile boolean paused;

    public ListenerIntake(KafkaListenerEndpointRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void pause() {
        paused = true;
        container().pause();
    }

    @Override
    public void resume() {
        paused = false;
        container().resume();
    }

    @Override
    public boolean isPaused() {
        return paused;
    }

    private MessageListenerContainer container() {
        MessageListenerContainer container = registry.getListenerContainer(TenantRequestedListener.ID);
        if (container == null) {
            throw new IllegalStateException("no listener container " + TenantRequestedListener.ID);
        }
        return container;
    }
}
