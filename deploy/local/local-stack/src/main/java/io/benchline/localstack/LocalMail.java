package io.benchline.localstack;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.user.MessageDeliveryHandler;
import com.icegreen.greenmail.user.UserManager;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stack's mail server with {@code --verify-email}: GreenMail (SMTP for signup-service, IMAP for people) in the
 * launcher's JVM, nothing leaves the machine. Every mail is also written as {@code <n>-<recipient>.eml} to a folder
 * of the state, so a developer reads the verification code with {@code cat}. GreenMail makes a mailbox per recipient
 * on delivery; over IMAP its login and password are both the recipient's address (GreenMail's default).
 */
public final class LocalMail implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalMail.class);
    private static final long WAIT_MILLIS = 1_000;

    private final GreenMail greenMail;
    private final Path folder;
    private final Thread writer;

    private LocalMail(GreenMail greenMail, Path folder) {
        this.greenMail = greenMail;
        this.folder = folder;
        this.writer = new Thread(this::writeMails, "local-mail-writer");
        this.writer.setDaemon(true);
    }

    static LocalMail start(int smtpPort, int imapPort, Path folder) throws IOException {
        Files.createDirectories(folder);
        GreenMail greenMail = new GreenMail(new ServerSetup[] {
            new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
            new ServerSetup(imapPort, "127.0.0.1", ServerSetup.PROTOCOL_IMAP)
        });
        greenMail.start();
        LocalMail mail = new LocalMail(greenMail, folder);
        mail.writer.start();
        log.info("GreenMail: SMTP 127.0.0.1:{}, IMAP 127.0.0.1:{}, mails also in {}", smtpPort, imapPort, folder);
        return mail;
    }

    /**
     * Delivers every mail to an address of {@code domain} into one mailbox, {@code mailbox} (login and password both
     * that address, as GreenMail's own): the canary signs up as {@code canary-<hex>@domain} each run and reads its
     * codes from that one mailbox, as from a catch-all mailbox in production. Other mail is delivered as before.
     */
    void catchAll(String domain, String mailbox) {
        UserManager users = greenMail.getUserManager();
        MessageDeliveryHandler others = users.getMessageDeliveryHandler();
        users.setMessageDeliveryHandler((message, address) -> {
            if (!address.getHost().equalsIgnoreCase(domain)) {
                return others.handle(message, address);
            }
            GreenMailUser user = users.getUserByEmail(mailbox);
            return user != null ? user : users.createUser(mailbox, mailbox, mailbox);
        });
    }

    public int smtpPort() {
        return greenMail.getSmtp().getPort();
    }

    public int imapPort() {
        return greenMail.getImap().getPort();
    }

    /** Where each mail lands as an {@code .eml} file. */
    public Path folder() {
        return folder;
    }

    /** The text of every mail received so far for {@code address} (subject and plain-text body), oldest first. */
    public List<String> textsTo(String address) {
        List<String> texts = new ArrayList<>();
        for (MimeMessage message : greenMail.getReceivedMessages()) {
            try {
                if (isTo(message, address)) {
                    texts.add(message.getSubject() + "\n" + text(message));
                }
            } catch (MessagingException | IOException e) {
                throw new IllegalStateException("unreadable mail in GreenMail", e);
            }
        }
        return texts;
    }

    private static boolean isTo(MimeMessage message, String address) throws MessagingException {
        Address[] to = message.getRecipients(Message.RecipientType.TO);
        return to != null
                && Arrays.stream(to)
                        .anyMatch(
                                a -> a.toString().toLowerCase(Locale.ROOT).contains(address.toLowerCase(Locale.ROOT)));
    }

    private static String text(Part part) throws MessagingException, IOException {
        Object content = part.getContent();
        if (content instanceof String text) {
            return text;
        }
        if (content instanceof Multipart multipart) {
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart body = multipart.getBodyPart(i);
                if (body.isMimeType("text/*") || body.isMimeType("multipart/*")) {
                    out.append(text(body)).append('\n');
                }
            }
            return out.toString();
        }
        return "";
    }

    /** Writes each new mail to the folder as it arrives; a launcher helper, it waits on GreenMail's own signal. */
    private void writeMails() {
        int written = 0;
        while (greenMail.isRunning()) {
            try {
                if (!greenMail.waitForIncomingEmail(WAIT_MILLIS, written + 1)) {
                    continue;
                }
                MimeMessage[] received = greenMail.getReceivedMessages();
                for (; written < received.length; written++) {
                    write(written + 1, received[written]);
                }
            } catch (RuntimeException e) {
                if (!greenMail.isRunning()) {
                    return; // stopped while waiting
                }
                log.warn("could not write a mail to {}: {}", folder, e.toString());
                written = greenMail.getReceivedMessages().length;
            }
        }
    }

    private void write(int number, MimeMessage message) {
        try {
            Address[] to = message.getRecipients(Message.RecipientType.TO);
            String recipient = to == null || to.length == 0 ? "unknown" : to[0].toString();
            Path file =
                    folder.resolve(String.format("%04d-%s.eml", number, recipient.replaceAll("[^A-Za-z0-9@._-]", "_")));
            try (OutputStream out = Files.newOutputStream(file)) {
                message.writeTo(out);
            }
            // Names the file, never what is in it: the mail holds the customer's verification code.
            log.info("mail for {} written to {}", recipient, file);
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        greenMail.stop();
        writer.interrupt();
    }
}
