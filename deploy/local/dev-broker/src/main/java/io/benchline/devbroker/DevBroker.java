package io.benchline.devbroker;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
 * <p>Usage: {@code java -jar dev-broker.jar [--data DIR] [--port 9092] [--controller-port 9093] [--bind ADDRESS]
 * [--advertised-host NAME] [--secure DIR [--users a,b]]}
 */
public final class DevBroker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DevBroker.class);

    private final KafkaRaftServer server;
    private final int port;
    private final Listener listener;

    private DevBroker(KafkaRaftServer server, int port, Listener listener) {
        this.server = server;
        this.port = port;
        this.listener = listener;
    }

    /** A plaintext broker on loopback: one PLAINTEXT listener, no authentication, no ACLs. */
    public static DevBroker start(Path dataDir, int port, int controllerPort) throws IOException {
        return start(dataDir, port, controllerPort, Listener.LOOPBACK);
    }

    /** A plaintext broker whose client listener binds and advertises as {@code listener} says. */
    public static DevBroker start(Path dataDir, int port, int controllerPort, Listener listener) throws IOException {
        return start(dataDir, port, controllerPort, listener, null, List.of());
    }

    /**
     * A secured broker: its one client listener SASL_SSL (SCRAM-SHA-512), the controller on SSL with client
     * certificates, StandardAuthorizer with no access without an ACL; super users are {@link BrokerSecurity#ADMIN},
     * the inter-broker user and the broker certificate's principal. {@code users} (e.g. one per service) become
     * SCRAM users when the data folder is formatted, and only then: a data folder formatted without them refuses
     * to start.
     */
    public static DevBroker startSecure(
            Path dataDir, int port, int controllerPort, Path securityFolder, List<String> users) throws IOException {
        return start(dataDir, port, controllerPort, Listener.LOOPBACK, securityFolder, users);
    }

    /**
     * A secured broker whose client listener binds and advertises as {@code listener} says. The advertised host
     * goes into the broker certificate when the security folder's material is made (its first start).
     */
    public static DevBroker startSecure(
            Path dataDir, int port, int controllerPort, Listener listener, Path securityFolder, List<String> users)
            throws IOException {
        return start(dataDir, port, controllerPort, listener, securityFolder, users);
    }

    private static DevBroker start(
            Path dataDir, int port, int controllerPort, Listener listener, Path securityFolder, List<String> users)
            throws IOException {
        Files.createDirectories(dataDir);
        Path data = dataDir.toAbsolutePath();
        BrokerSecurity security = securityFolder == null
                ? null
                : BrokerSecurity.prepare(securityFolder, users, listener.extraCertificateNames());
        boolean formatted = Files.exists(data.resolve("meta.properties"));
        if (formatted) {
            FormatRecord.check(data, security, users);
        }
        Properties config = config(data, port, controllerPort, listener);
        if (security != null) {
            secure(config, port, controllerPort, listener, security);
        }
        Path configFile = data.resolve("server.properties");
        try (OutputStream out = Files.newOutputStream(BrokerSecurity.privateFile(configFile))) {
            config.store(out, "Benchline development broker; rewritten on every start");
        }
        if (!formatted) {
            List<String> format =
                    new ArrayList<>(List.of("format", "-t", Uuid.randomUuid().toString(), "-c", configFile.toString()));
            if (security != null) {
                format.addAll(security.scramFormatArguments(users));
            }
            int code = StorageTool.execute(
                    format.toArray(String[]::new), new PrintStream(OutputStream.nullOutputStream()));
            if (code != 0) {
                throw new IllegalStateException("formatting " + dataDir + " failed with exit code " + code);
            }
            FormatRecord.write(data, security, users);
            log.info("Formatted new Kafka data folder {}{}", dataDir, security == null ? "" : " with SCRAM users");
        }
        if (security != null) {
            security.writeClientFiles(listener.advertisedHost() + ":" + port, users);
        }
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(config), Time.SYSTEM);
        server.startup();
        if (security == null) {
            log.info(
                    "Kafka listening on {}:{}, advertised as {} (PLAINTEXT; data in {})",
                    listener.bindAddress(),
                    port,
                    listener.advertisedHost(),
                    dataDir);
        } else {
            log.info(
                    "Kafka listening on {}:{}, advertised as {} (SASL_SSL, SCRAM-SHA-512; data in {});"
                            + " admin client properties {}",
                    listener.bindAddress(),
                    port,
                    listener.advertisedHost(),
                    dataDir,
                    security.clientProperties(BrokerSecurity.ADMIN));
        }
        return new DevBroker(server, port, listener);
    }

    public String bootstrapServers() {
        return listener.advertisedHost() + ":" + port;
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
    }

    static Properties config(Path dataDir, int port, int controllerPort, Listener listener) {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.setProperty(
                "listeners",
                "PLAINTEXT://" + listener.bindAddress() + ":" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://" + listener.advertisedHost() + ":" + port);
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

    /** stack-notes §10: the listeners, TLS stores, SCRAM and the authorizer of a secured single node. */
    static void secure(Properties p, int port, int controllerPort, Listener listener, BrokerSecurity security) {
        p.setProperty(
                "listeners",
                "SASL_SSL://" + listener.bindAddress() + ":" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.setProperty("advertised.listeners", "SASL_SSL://" + listener.advertisedHost() + ":" + port);
        p.setProperty("listener.security.protocol.map", "SASL_SSL:SASL_SSL,CONTROLLER:SSL");
        p.setProperty("inter.broker.listener.name", "SASL_SSL");
        p.setProperty("ssl.keystore.type", "PKCS12");
        p.setProperty("ssl.keystore.location", security.keystore().toString());
        p.setProperty("ssl.keystore.password", security.keystorePassword());
        p.setProperty("ssl.key.password", security.keystorePassword());
        p.setProperty("ssl.truststore.type", "PKCS12");
        p.setProperty("ssl.truststore.location", security.truststore().toString());
        p.setProperty("ssl.truststore.password", security.truststorePassword());
        // The controller listener admits only the broker's own certificate (its principal is a super user).
        p.setProperty("listener.name.controller.ssl.client.auth", "required");
        p.setProperty("sasl.enabled.mechanisms", BrokerSecurity.MECHANISM);
        p.setProperty("sasl.mechanism.inter.broker.protocol", BrokerSecurity.MECHANISM);
        p.setProperty(
                "listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config",
                BrokerSecurity.jaasConfig(BrokerSecurity.INTER_BROKER, security.password(BrokerSecurity.INTER_BROKER)));
        p.setProperty("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        p.setProperty("allow.everyone.if.no.acl.found", "false");
        p.setProperty(
                "super.users",
                String.join(
                        ";",
                        "User:" + BrokerSecurity.ADMIN,
                        "User:" + BrokerSecurity.INTER_BROKER,
                        BrokerSecurity.CERTIFICATE_PRINCIPAL));
    }

    public static void main(String[] args) throws Exception {
        Path data = null;
        Path security = null;
        List<String> users = List.of();
        int port = 9092;
        int controllerPort = 9093;
        String bind = Listener.LOOPBACK.bindAddress();
        String advertised = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--data" -> data = Path.of(args[++i]);
                case "--secure" -> security = Path.of(args[++i]);
                case "--users" -> users = List.of(args[++i].split(","));
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--controller-port" -> controllerPort = Integer.parseInt(args[++i]);
                case "--bind" -> bind = args[++i];
                case "--advertised-host" -> advertised = args[++i];
                case "--help" -> {
                    System.out.println("""
                            usage: java -jar dev-broker.jar [--data DIR] [--port 9092] [--controller-port 9093]
                                                            [--bind ADDRESS] [--advertised-host NAME]
                                                            [--secure DIR [--users a,b,...]]
                              --bind ADDRESS          address of the client listener (default 127.0.0.1; 0.0.0.0 in a
                                                      container); the controller listener stays on 127.0.0.1
                              --advertised-host NAME  host clients are told to use (default: the bind address, or
                                                      127.0.0.1 when binding 0.0.0.0); with --secure it also goes
                                                      into the broker certificate made on first start
                              --secure DIR   SASL_SSL with SCRAM-SHA-512 and ACLs; TLS material, passwords and
                                             clients/<user>.properties (admin: the super user) live in DIR
                              --users        SCRAM users besides admin, made when the data folder is formatted""");
                    return;
                }
                default -> {
                    System.err.println("unknown option " + args[i] + "; see --help");
                    System.exit(2);
                }
            }
        }
        Listener listener = new Listener(bind, advertised != null ? advertised : advertisedDefault(bind));
        DevBroker broker;
        if (security == null) {
            broker = start(data == null ? Path.of("deploy/local/.state/kafka") : data, port, controllerPort, listener);
        } else {
            broker = startSecure(
                    data == null ? Path.of("deploy/local/.state-secure/kafka") : data,
                    port,
                    controllerPort,
                    listener,
                    security,
                    users);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "dev-broker-stop"));
        broker.server.awaitShutdown();
    }

    /** A wildcard address cannot be connected to: advertise loopback unless told otherwise. */
    static String advertisedDefault(String bind) {
        return bind.equals("0.0.0.0") || bind.equals("::") ? Listener.LOOPBACK.advertisedHost() : bind;
    }
}
