package io.benchline.signup.verification;

import io.benchline.platform.secrets.Secret;
import io.benchline.signup.system.SignupProperties;
import java.time.Duration;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.MailException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Mails a verification code over SMTP (Spring Mail, {@code spring.mail.*}). Sending blocks, so it runs off the event
 * loop. Log lines name the tenant, never the code or the address.
 */
@Component
public class CodeMailer {

    private static final Logger log = LoggerFactory.getLogger(CodeMailer.class);

    private final ObjectProvider<JavaMailSender> sender;
    private final SignupProperties.EmailVerification settings;

    CodeMailer(ObjectProvider<JavaMailSender> sender, SignupProperties properties) {
        this.sender = sender;
        this.settings = properties.emailVerification();
        if (settings.enabled() && sender.getIfAvailable() == null) {
            throw new IllegalStateException("benchline.signup.email-verification.enabled needs an SMTP server:"
                    + " set spring.mail.host (and spring.mail.port, username, password as it requires)");
        }
    }

    /** Completes when the SMTP server took the mail; errors with {@link MailException} when it did not. */
    public Mono<Void> send(UUID tenantId, String email, String subdomain, Secret code) {
        return Mono.<Void>fromRunnable(() -> {
                    SimpleMailMessage mail = new SimpleMailMessage();
                    mail.setFrom(settings.from());
                    mail.setTo(email);
                    mail.setSubject("Your code to confirm your email address");
                    mail.setText(text(subdomain, code, settings.codeTtl()));
                    sender.getObject().send(mail);
                    log.info("verification code mailed for signup {}", tenantId);
                })
                .subscribeOn(Schedulers.boundedElastic())
                .doOnError(e -> log.warn(
                        "verification code for signup {} could not be mailed: {}",
                        tenantId,
                        e.getClass().getSimpleName()));
    }

    private static String text(String subdomain, Secret code, Duration ttl) {
        return "Your code is " + code.reveal() + "\n\n"
                + "Enter it on the signup page to confirm your email address; your site " + subdomain
                + " opens once it is confirmed. The code is valid for " + ttl.toMinutes() + " minutes.\n\n"
                + "If you did not sign up, ignore this email: the site will be removed.\n";
    }
}
