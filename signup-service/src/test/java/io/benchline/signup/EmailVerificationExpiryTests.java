package io.benchline.signup;

import static io.benchline.signup.EmailVerificationTests.codesMailedTo;
import static io.benchline.signup.EmailVerificationTests.events;
import static io.benchline.signup.EmailVerificationTests.post;
import static io.benchline.signup.EmailVerificationTests.resend;
import static io.benchline.signup.EmailVerificationTests.status;
import static io.benchline.signup.EmailVerificationTests.verify;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.benchline.events.EmailVerification;
import io.benchline.events.EmailVerificationStatus;
import io.benchline.events.ProvisioningStep;
import io.benchline.events.SiteOperation;
import io.benchline.events.SiteOperationCompleted;
import io.benchline.events.StepPhase;
import io.benchline.testing.TopicDump;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.codec.ServerSentEvent;
import tools.jackson.databind.JsonNode;

/**
 * Time limits of email verification, with an instance whose codes expire at once and whose verification window is
 * a few seconds: an expired code is 410, and a signup left unverified fails with email_not_verified, writes
 * {@code EmailVerification(EXPIRED)} (its site is removed) and frees its subdomain.
 */
class EmailVerificationExpiryTests {

    @TempDir
    static Path state;

    @AutoClose("stop")
    private static GreenMail smtp;

    @AutoClose
    private static SignupInstance instance;

    @BeforeAll
    static void start() {
        smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.start();
        Map<String, Object> settings = new HashMap<>(EmailVerificationTests.verifying(smtp));
        settings.put("benchline.signup.email-verification.code-ttl", "1ms");
        settings.put("benchline.signup.email-verification.window", "4s");
        instance = SignupInstance.start(state.resolve("only"), settings);
        EmailVerificationTests.useSmtp(smtp);
    }

    @Test
    void anExpiredCodeIsGoneAndAnUnverifiedSignupFailsWhenItsWindowClosesAndFreesItsSubdomain() {
        String email = "late-" + UUID.randomUUID() + "@example.com";
        AcceptedSignup signup = post(instance, email);
        String code = await().atMost(Duration.ofSeconds(20))
                .until(() -> codesMailedTo(email), codes -> !codes.isEmpty())
                .get(0);

        verify(instance, signup, code).expectStatus().isEqualTo(410);

        List<ServerSentEvent<JsonNode>> frames = events(instance, signup);
        ServerSentEvent<JsonNode> last = frames.get(frames.size() - 1);
        assertThat(last.event()).isEqualTo("failed");
        assertThat(last.data().path("reason").asString()).isEqualTo("email_not_verified");
        assertThat(last.data().path("message").asString()).contains("sign up again");
        assertThat(status(instance, signup).path("emailVerification").asString())
                .isEqualTo("expired");
        assertThat(TopicDump.events(EmailVerification.class, signup.tenantId()))
                .extracting(EmailVerification::getStatus)
                .containsExactly(EmailVerificationStatus.CODE_SENT, EmailVerificationStatus.EXPIRED);
        verify(instance, signup, code).expectStatus().isEqualTo(410);
        resend(instance, signup).expectStatus().isEqualTo(410);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> instance.client()
                        .get()
                        .uri("/api/subdomains/" + signup.subdomain())
                        .exchange()
                        .expectBody(JsonNode.class)
                        .returnResult()
                        .getResponseBody()
                        .path("available")
                        .asBoolean());
    }

    @Test
    void anUnverifiedSignupWhoseSiteWasStartedKeepsItsSubdomainUntilTheSiteIsDropped() {
        String email = "built-" + UUID.randomUUID() + "@example.com";
        AcceptedSignup signup = post(instance, email);
        instance.publish(SignupServiceIntegrationTests.progress(
                signup.tenantId(), ProvisioningStep.CREATE_SITE, StepPhase.STARTED));

        await().atMost(Duration.ofSeconds(20))
                .until(() ->
                        "failed".equals(status(instance, signup).path("status").asString(null)));
        assertThat(status(instance, signup).path("steps").findValuesAsString("stage"))
                .as("the window closed after the site step was recorded")
                .contains("create_site");
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6)).until(() -> !available(signup.subdomain()));

        // The provisioner's report of the unverified tenant's drop (TenantRemoval.emailNotVerified).
        UUID operationId = UUID.nameUUIDFromBytes(
                ("benchline:site-op:email-not-verified:" + signup.tenantId()).getBytes(StandardCharsets.UTF_8));
        instance.publish(SiteOperationCompleted.newBuilder()
                .setEventId(UUID.randomUUID())
                .setTenantId(signup.tenantId())
                .setOccurredAt(Instant.now())
                .setOperationId(operationId)
                .setOperation(SiteOperation.DROP)
                .setSucceeded(true)
                .build());
        await().atMost(Duration.ofSeconds(20)).until(() -> available(signup.subdomain()));
    }

    private static boolean available(String subdomain) {
        return instance.client()
                .get()
                .uri("/api/subdomains/" + subdomain)
                .exchange()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody()
                .path("available")
                .asBoolean();
    }
}
