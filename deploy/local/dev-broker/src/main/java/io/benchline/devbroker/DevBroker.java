package io.benchline.devbroker;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a real Kafka server (broker and KRaft controller in one process) on loopback with a persistent data
 * folder. The folder is formatted on first start; later starts reuse it. SIGTERM or Ctrl-C stops it cleanly.
 *
 * <p>Usage: {@code java -jar dev-broker.jar [--data DIR] [--port 9092] [--controller-port 9093]}
 */
public final class DevBroker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DevBroker.class);

    private final KafkaRaftServer server;
    private final int port;

    private DevBroker(KafkaRaftServer server, int port) {
        this.server = server;
        this.port = port;
    }

    public static DevBroker start(Path dataDir, int port, int controllerPort) throws IOException {
        Files.createDirectories(dataDir);
        Properties config = config(dataDir.toAbsolutePath(), port, controllerPort);
        Path configFile = dataDir.resolve("server.properties");
        try (OutputStream out = Files.newOutputStream(configFile)) {
            config.store(out, "Benchline development broker; rewritten on every start");
        }
        if (!Files.exists(dataDir.resolve("meta.properties"))) {
            int code = StorageTool.execute(
                    new String[] {"format", "-t", Uuid.randomUuid().toString(), "-c", configFile.toString()},
                    new PrintStream(OutputStream.nullOutputStream()));
            if (code != 0) {
                throw new IllegalStateException("formatting " + dataDir + " failed with exit code " + code);
            }
            log.info("Formatted new Kafka data folder {}", dataDir);
        }
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(config), Time.SYSTEM);
        server.startup();
        log.info("Kafka listening on 127.0.0.1:{} (data in {})", port, dataDir);
        return new DevBroker(server, port);
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
    }

    static Properties config(Path dataDir, int port, int controllerPort) {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("log.dirs", dataDir.toString());
        // One node: internal topics cannot have more replicas than that. Transactions (Kafka Streams
        // exactly-once) hang without the transaction-log settings.
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        p.setProperty("num.partitions", "12");
        return p;
    }

    public static void main(String[] args) throws Exception {
        Path data = Path.of("deploy/local/.state/kafka");
        int port = 9092;
        int controllerPort = 9093;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--data" -> data = Path.of(args[++i]);
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--controller-port" -> controllerPort = Integer.parseInt(args[++i]);
                case "--help" -> {
                    System.out.println(
                            "usage: java -jar dev-broker.jar [--data DIR] [--port 9092] [--controller-port 9093]");
                    return;
                }
                default -> {
                    System.err.println("unknown option " + args[i] + "; see --help");
                    System.exit(2);
                }
            }
        }
        DevBroker broker = start(data, port, controllerPort);
        Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "dev-broker-stop"));
        broker.server.awaitShutdown();
    }
}
