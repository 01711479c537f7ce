package io.benchline.signup;

import static io.benchline.signup.SignupServiceIntegrationTests.signup;
import static io.benchline.signup.SignupServiceIntegrationTests.uniqueSubdomain;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.benchline.testing.CapturedLogs;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An SMTP relay that accepts the connection and never says a word: the signup is accepted, and its verification
 * mail gives up after the service's own SMTP timeout (application.yml), closing the connection and freeing its
 * thread. Without a timeout JavaMail would wait for the greeting forever.
 */
class SilentSmtpRelayTests {

    /** application.yml's mail.smtp.timeout (10 s) and a margin for a busy machine. */
    private static final Duration GIVES_UP_WITHIN = Duration.ofSeconds(40);

    @TempDir
    static Path state;

    @Test
    void aMailToARelayThatNeverGreetsGivesUpAndTheSignupIsStillAccepted() throws IOException {
        try (ServerSocket relay = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
                SignupInstance instance =
                        SignupInstance.start(state, EmailVerificationTests.verifying(relay.getLocalPort()));
                CapturedLogs logs = CapturedLogs.start()) {
            instance.awaitRunning();
            AcceptedSignup signup = AcceptedSignup.post(
                    instance.client(), signup("Quiet Relay Ltd", uniqueSubdomain("relay"), "relay@example.com"));

            relay.setSoTimeout((int) GIVES_UP_WITHIN.toMillis());
            try (Socket mailer = relay.accept()) {
                assertThat(readsUntilClosed(mailer))
                        .as("the mailer closes the connection it got no greeting on")
                        .isTrue();
            }
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> logs.lines().stream()
                            .anyMatch(line -> line.contains("could not be mailed")
                                    && line.contains(signup.tenantId().toString())));
        }
    }

    /** True once the peer closes the connection; false if it is still open after {@link #GIVES_UP_WITHIN}. */
    private static boolean readsUntilClosed(Socket socket) throws IOException {
        socket.setSoTimeout((int) GIVES_UP_WITHIN.toMillis());
        InputStream in = socket.getInputStream();
        try {
            while (in.read() >= 0) {
                // an SMTP client speaks only after the greeting; whatever it sends, wait for the close
            }
            return true;
        } catch (SocketTimeoutException stillWaiting) {
            return false;
        }
    }
}
