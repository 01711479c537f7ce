package io.benchline.operator.canary;

import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.InternetAddress;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The canary's mailbox over IMAP (Jakarta Mail): the newest verification code mailed to the canary's address since
 * its signup. Read mails are deleted, so the mailbox does not grow run after run. The code is never logged.
 */
final class VerificationMailbox {

    /** Six digits with no letter or digit either side: not a piece of a tenant id or a date. */
    private static final Pattern CODE = Pattern.compile("(?<![0-9A-Za-z])([0-9]{6})(?![0-9A-Za-z])");
    /** Clocks of mail server and canary may differ a little. */
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(2);

    private final CanaryProperties.Mailbox settings;
    private final Duration timeout;

    VerificationMailbox(CanaryProperties.Mailbox settings, Duration timeout) {
        this.settings = settings;
        this.timeout = timeout;
    }

    /** The code of the newest mail to {@code address} received since {@code since}; empty while none has come. */
    Optional<String> newestCode(String address, Instant since) {
        String protocol = settings.ssl() ? "imaps" : "imap";
        Properties properties = new Properties();
        properties.put("mail." + protocol + ".connectiontimeout", Long.toString(timeout.toMillis()));
        properties.put("mail." + protocol + ".timeout", Long.toString(timeout.toMillis()));
        properties.put("mail." + protocol + ".writetimeout", Long.toString(timeout.toMillis()));
        if (settings.ssl()) {
            properties.put("mail.imaps.ssl.checkserveridentity", "true");
        }
        Session session = Session.getInstance(properties);
        try (Store store = session.getStore(protocol)) {
            store.connect(settings.host(), settings.port(), settings.user(), password());
            Folder folder = store.getFolder(settings.folder());
            folder.open(Folder.READ_WRITE);
            try {
                return newestCode(folder, address, Date.from(since.minus(CLOCK_SKEW)));
            } finally {
                folder.close(true); // expunges the mails marked deleted
            }
        } catch (MessagingException | IOException e) {
            throw new CanaryStepFailed(
                    CanaryStep.EMAIL_CODE,
                    "cannot read the mailbox " + settings.user() + " at " + settings.host() + ":" + settings.port()
                            + " (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static Optional<String> newestCode(Folder folder, String address, Date since)
            throws MessagingException, IOException {
        Message[] messages = folder.getMessages();
        for (int i = messages.length - 1; i >= 0; i--) {
            Message message = messages[i];
            Date received = message.getReceivedDate() != null ? message.getReceivedDate() : message.getSentDate();
            if (!isTo(message, address) || received == null || received.before(since)) {
                continue;
            }
            Matcher code = CODE.matcher(message.getSubject() + "\n" + text(message));
            if (code.find()) {
                message.setFlag(Flags.Flag.DELETED, true);
                return Optional.of(code.group(1));
            }
        }
        return Optional.empty();
    }

    private static boolean isTo(Message message, String address) throws MessagingException {
        Address[] recipients = message.getRecipients(Message.RecipientType.TO);
        if (recipients == null) {
            return false;
        }
        for (Address recipient : recipients) {
            if (recipient instanceof InternetAddress internet && address.equalsIgnoreCase(internet.getAddress())) {
                return true;
            }
        }
        return false;
    }

    private static String text(Part part) throws MessagingException, IOException {
        if (part.isMimeType("text/*")) {
            return String.valueOf(part.getContent());
        }
        if (part.getContent() instanceof Multipart multipart) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart body = multipart.getBodyPart(i);
                text.append(text(body)).append('\n');
            }
            return text.toString();
        }
        return "";
    }

    private String password() throws IOException {
        return Files.readString(settings.passwordFile()).strip();
    }
}
