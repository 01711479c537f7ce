package io.benchline.provisioner;

import io.benchline.platform.ports.FreePorts;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * A real single-node KRaft broker of one test class that can be stopped and started again on the same port and data
 * folder (the shared {@code KafkaTestBroker} cannot): a Kafka outage as clients see it, connection refused, with
 * every acknowledged record still there afterwards. Configured as deploy/local/dev-broker's broker.
 */
final class RestartableBroker implements AutoCloseable {

    private final Path data;
    private final int port;
    private final int controllerPort;
    private KafkaRaftServer server;

    private RestartableBroker(Path data, int port, int controllerPort) {
        this.data = data;
        this.port = port;
        this.controllerPort = controllerPort;
    }

    static RestartableBroker start() {
        try {
            RestartableBroker broker = new RestartableBroker(
                    Files.createTempDirectory("restartable-broker"), FreePorts.take(), FreePorts.take());
            broker.format();
            broker.startAgain();
            return broker;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** Stops the broker cleanly (its data stays); clients get connection refused until {@link #startAgain}. */
    synchronized void stop() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
        }
    }

    synchronized void startAgain() {
        if (server != null) {
            throw new IllegalStateException("the broker is running");
        }
        server = new KafkaRaftServer(KafkaConfig.fromProps(config()), Time.SYSTEM);
        server.startup();
    }

    @Override
    public void close() {
        stop();
    }

    private void format() throws IOException {
        Path configFile = data.resolve("server.properties");
        try (OutputStream out = Files.newOutputStream(configFile)) {
            config().store(out, "RestartableBroker");
        }
        String[] format = {"format", "-t", Uuid.randomUuid().toString(), "-c", configFile.toString()};
        int code = StorageTool.execute(format, new PrintStream(OutputStream.nullOutputStream()));
        if (code != 0) {
            throw new IllegalStateException("formatting " + data + " failed with exit code " + code);
        }
    }

    private Properties config() {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("log.dirs", data.toString());
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("offsets.topic.num.partitions", "3");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        p.setProperty("num.partitions", "12");
        return p;
    }
}
