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

    @Test
    void aCatchAllDomainLandsInOneMailboxReadOverImapOthersStayTheirOwn() throws Exception {
        StackPorts ports = StackPorts.free();
        try (LocalMail mail = LocalMail.start(ports.smtp(), ports.imap(), folder)) {
            mail.catchAll("canary.benchline.example", "canary@canary.benchline.example");
            send(mail, "canary-0a1b2c3d@canary.benchline.example", "Your code is 111111.");
            send(mail, "canary-4e5f6a7b@canary.benchline.example", "Your code is 222222.");
            send(mail, "jane@acme.example", "Your code is 333333.");

            await().atMost(Duration.ofSeconds(10)).until(() -> emlFiles().count() == 3);
            assertThat(imapInbox(mail, "canary@canary.benchline.example"))
                    .hasSize(2)
                    .anyMatch(text -> text.contains("111111"))
                    .anyMatch(text -> text.contains("222222"));
            assertThat(imapInbox(mail, "jane@acme.example"))
                    .singleElement()
                    .asString()
                    .contains("333333");
        }
    }

    private static void send(LocalMail mail, String to, String text) throws Exception {
        Properties smtp = new Properties();
        smtp.put("mail.smtp.host", "127.0.0.1");
        smtp.put("mail.smtp.port", Integer.toString(mail.smtpPort()));
        MimeMessage message = new MimeMessage(Session.getInstance(smtp));
        message.setFrom(new InternetAddress("signup@benchline.localhost"));
        message.setRecipients(Message.RecipientType.TO, to);
        message.setSubject("Your code");
        message.setText(text);
        Transport.send(message);
    }

    /** The texts in a mailbox's INBOX as an IMAP client reads them (login and password both the address). */
    private static java.util.List<String> imapInbox(LocalMail mail, String login) throws Exception {
        jakarta.mail.Store store = Session.getInstance(new Properties()).getStore("imap");
        store.connect("127.0.0.1", mail.imapPort(), login, login);
        try {
            jakarta.mail.Folder inbox = store.getFolder("INBOX");
            inbox.open(jakarta.mail.Folder.READ_ONLY);
            java.util.List<String> texts = new java.util.ArrayList<>();
            for (Message message : inbox.getMessages()) {
                texts.add(message.getContent().toString());
            }
            inbox.close(false);
            return texts;
        } finally {
            store.close();
        }
    }

    private Stream<Path> emlFiles() throws java.io.IOException {
        return Files.list(folder).filter(p -> p.toString().endsWith(".eml"));
    }
}
