package io.benchline.signup.messaging;

import io.benchline.events.LoginKeyIssued;
import io.benchline.signup.handoff.EntryTicket;
import io.benchline.signup.handoff.HandOffDesk;
import io.benchline.signup.system.SignupProperties;
import io.benchline.signup.verification.DeskAnswer;
import io.benchline.signup.verification.DeskUnavailableException;
import io.benchline.signup.verification.VerificationDesk;
import java.time.Duration;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The instance side of email verification and hand-off: sends a {@link TenantCommand} keyed by tenantId to the task
 * that owns the tenant over a {@link CommandChannel}, as the subdomain registry does, and waits for the
 * {@link TenantDecision} with the same request id, whichever instance's task decided.
 */
@Component
class KafkaTenantDesk implements VerificationDesk, HandOffDesk, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(KafkaTenantDesk.class);

    private final LoginKeyFeed keys;
    private final Duration keyTimeout;
    private final CommandChannel<TenantCommand, TenantDecision> channel;

    KafkaTenantDesk(KafkaProperties kafka, LoginKeyFeed keys, SignupProperties properties) {
        this.keys = keys;
        this.keyTimeout = properties.handOff().keyTimeout();
        Duration timeout = properties.claimTimeout();
        this.channel = new CommandChannel<>(
                log,
                kafka,
                new CommandChannel.Spec<>(
                        InternalTopics.TENANT_COMMANDS,
                        InternalTopics.TENANT_DECISIONS,
                        "signup-tenant-commands-",
                        "signup-tenant-decisions-",
                        "signup-tenant-decisions",
                        "tenant decision",
                        TenantCommand.class,
                        TenantDecision.class,
                        TenantDecision::requestId),
                timeout,
                () -> new DeskUnavailableException(timeout));
    }

    @Override
    public Mono<DeskAnswer> check(UUID tenantId, String codeHash) {
        return ask(new TenantCommand(TenantCommand.Type.CHECK_CODE, UUID.randomUUID(), tenantId, codeHash, null))
                .map(TenantDecision::answer);
    }

    @Override
    public Mono<DeskAnswer> resend(UUID tenantId, String codeHash) {
        return ask(new TenantCommand(TenantCommand.Type.RESEND_CODE, UUID.randomUUID(), tenantId, codeHash, null))
                .map(TenantDecision::answer);
    }

    @Override
    public Mono<EntryTicket> enter(UUID tenantId) {
        return Mono.usingWhen(
                Mono.fromCallable(() -> keys.watch(tenantId)),
                watch -> ask(new TenantCommand(TenantCommand.Type.ENTER, UUID.randomUUID(), tenantId, null, null))
                        .flatMap(decision -> {
                            if (decision.entry() != EntryTicket.Kind.KEY) {
                                return Mono.just(
                                        decision.entry() == EntryTicket.Kind.NOT_READY
                                                ? EntryTicket.notReady()
                                                : EntryTicket.loginPage());
                            }
                            return watch.answerTo(decision.loginKeyRequestId())
                                    .next()
                                    .timeout(keyTimeout)
                                    .map(issued -> ticket(issued, decision.ahead()));
                        }),
                watch -> Mono.fromRunnable(watch::close),
                (watch, error) -> Mono.fromRunnable(watch::close),
                watch -> Mono.fromRunnable(watch::close));
    }

    private static EntryTicket ticket(LoginKeyIssued issued, boolean ahead) {
        if (issued.getLoginKey() == null) {
            // The provisioner could not mint one; its reason has no secret in it.
            log.warn("login key for signup {} was not issued: {}", issued.getTenantId(), issued.getFailure());
            return new EntryTicket(EntryTicket.Kind.KEY, null, null, ahead);
        }
        return new EntryTicket(EntryTicket.Kind.KEY, issued.getLoginKey(), issued.getExpiresAt(), ahead);
    }

    private Mono<TenantDecision> ask(TenantCommand command) {
        return channel.ask(
                command.requestId(),
                command.tenantId().toString(),
                command,
                () -> command.type() + " for signup " + command.tenantId());
    }

    @Override
    public void start() {
        channel.start();
    }

    @Override
    public void stop() {
        channel.stop();
    }

    @Override
    public boolean isRunning() {
        return channel.isRunning();
    }
}
