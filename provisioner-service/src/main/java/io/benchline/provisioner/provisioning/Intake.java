package io.benchline.provisioner.provisioning;

/**
 * The flow of new requests into the scheduler. Pausing must keep the consumer polling (so it stays in its group);
 * it only stops handing out records.
 */
public interface Intake {

    void pause();

    void resume();

    boolean isPaused();
}
