package io.benchline.testing;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.core.read.ListAppender;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** logback-test.xml holds org.apache.kafka and org.apache.sshd at WARN, as the services' configurations do. */
class CapturedLogsTests {

    private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    private final ListAppender<ILoggingEvent> rootAppender = new ListAppender<>();

    @BeforeEach
    void attachRootAppender() {
        rootAppender.setContext(context);
        rootAppender.start();
        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(rootAppender);
    }

    @AfterEach
    void detachRootAppender() {
        context.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(rootAppender);
    }

    @Test
    void capturesADebugLineOfAnSshdLoggerConfiguredAtWarn() {
        Logger sshd = LoggerFactory.getLogger("org.apache.sshd.client.channel.ChannelExec");
        String token = UUID.randomUUID().toString();
        try (CapturedLogs logs = CapturedLogs.start()) {
            // Guarded, as SSHD guards its DEBUG lines.
            if (sshd.isDebugEnabled()) {
                sshd.debug("exec command line {}", token);
            }
            assertThat(logs.lines())
                    .contains("DEBUG org.apache.sshd.client.channel.ChannelExec exec command line " + token + " {}");
        }
        assertThat(rootAppender.list).as("what the configured appenders saw").isEmpty();
    }

    @Test
    void capturesTheRealKafkaClientsDebugLines() {
        try (CapturedLogs logs = CapturedLogs.start()) {
            new KafkaConsumer<>(
                            Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1"),
                            new ByteArrayDeserializer(),
                            new ByteArrayDeserializer())
                    .close();
            assertThat(logs.lines()).anyMatch(l -> l.startsWith("DEBUG org.apache.kafka."));
        }
        assertThat(rootAppender.list)
                .filteredOn(e -> e.getLoggerName().startsWith("org.apache.kafka"))
                .extracting(ILoggingEvent::getLevel)
                .doesNotContain(Level.DEBUG, Level.INFO);
    }

    @Test
    void keepsCapturingWhenLogbackIsResetAndReconfiguredAsSpringBootDoesAtStartUp() throws JoranException {
        Logger kafka = LoggerFactory.getLogger("org.apache.kafka.clients.NetworkClient");
        try (CapturedLogs logs = CapturedLogs.start()) {
            context.reset();
            configureFromLogbackTestXml();
            kafka.debug("after the reset");
            assertThat(logs.lines()).contains("DEBUG org.apache.kafka.clients.NetworkClient after the reset {}");
        }
    }

    private void configureFromLogbackTestXml() throws JoranException {
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(getClass().getResource("/logback-test.xml"));
    }

    @Test
    void leavesEveryLevelAsItWasAfterClosing() {
        Logger sshd = LoggerFactory.getLogger("org.apache.sshd.common.io.nio2.Nio2Session");
        CapturedLogs logs = CapturedLogs.start();
        assertThat(sshd.isDebugEnabled()).isTrue();
        logs.close();

        assertThat(sshd.isDebugEnabled()).isFalse();
        sshd.warn("after close");
        assertThat(logs.lines()).noneMatch(l -> l.contains("after close"));
    }

    @Test
    void rendersArgumentsThrowablesAndMdc() {
        Logger logger = LoggerFactory.getLogger("io.benchline.example");
        try (CapturedLogs logs = CapturedLogs.start()) {
            org.slf4j.MDC.put("tenant", "t-1");
            try {
                logger.info("failed for {}", "acme", new IllegalStateException("boom"));
            } finally {
                org.slf4j.MDC.remove("tenant");
            }
            assertThat(logs.lines())
                    .filteredOn(l -> l.contains("io.benchline.example"))
                    .singleElement()
                    .asString()
                    .startsWith("INFO io.benchline.example failed for acme {tenant=t-1}")
                    .contains("| java.lang.IllegalStateException: boom");
        }
    }
}
