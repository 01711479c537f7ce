package io.benchline.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalMailTests {

    @TempDir
    Path folder;

    @Test
    void mailSentOverSmtpCanBeReadInTheFolderAndByRecipient() throws Exception {
        StackPorts ports = StackPorts.free();
        try (LocalMail mail = LocalMail.start(ports.smtp(), ports.imap(), folder)) {
            Properties smtp = new Properties();
            smtp.put("mail.smtp.host", "127.0.0.1");
            smtp.put("mail.smtp.port", Integer.toString(mail.smtpPort()));
            MimeMessage message = new MimeMessage(Session.getInstance(smtp));
            message.setFrom(new InternetAddress("signup@benchline.localhost"));
            message.setRecipients(Message.RecipientType.TO, "jane@acme.example");
            message.setSubject("Your code");
            message.setText("Your code is 123456.");
            Transport.send(message);

            await().atMost(Duration.ofSeconds(10))
                    .until(() -> !mail.textsTo("jane@acme.example").isEmpty());
            assertThat(mail.textsTo("jane@acme.example"))
                    .singleElement()
                    .asString()
                    .contains("123456");
            assertThat(mail.textsTo("joe@acme.example")).isEmpty();
            await().atMost(Duration.ofSeconds(10)).until(() -> emlFiles().count() == 1);
            try (Stream<Path> files = emlFiles()) {
                Path eml = files.findFirst().orElseThrow();
                assertThat(eml.getFileName().toString()).isEqualTo("0001-jane@acme.example.eml");
                assertThat(Files.readString(eml)).contains("Your code is 123456.");
            }
        }
    }

    private Stream<Path> emlFiles() throws java.io.IOException {
        return Files.list(folder).filter(p -> p.toString().endsWith(".eml"));
    }
}
