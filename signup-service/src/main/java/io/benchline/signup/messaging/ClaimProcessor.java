package io.benchline.signup.messaging;

import io.benchline.events.FailureReason;
import io.benchline.events.FailureStage;
import io.benchline.events.ProvisioningFailed;
import io.benchline.events.TenantRequested;
import io.benchline.schemas.AvroEventDeserializer;
import io.benchline.schemas.Topic;
import java.time.Instant;
import java.util.UUID;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The subdomain registry's single writer per name. Claims for one subdomain share a partition, so one task sees
 * them in order: the first CLAIM on a free name wins and, in the same exactly-once transaction, its
 * {@code TenantRequested} is published; every later CLAIM is refused until a RELEASE frees the name. The store's
 * changelog, written in that transaction too, is what every instance's subdomain view reads
 * ({@link InternalTopics#SUBDOMAINS}).
 */
final class ClaimProcessor implements Processor<String, ClaimCommand, String, Object> {

    static final String STORE = "subdomain-claims";

    private final AvroEventDeserializer avro = new AvroEventDeserializer(TenantRequested.class);
    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, SubdomainClaim> claims;

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.claims = context.getStateStore(STORE);
    }

    @Override
    public void process(Record<String, ClaimCommand> record) {
        ClaimCommand command = record.value();
        if (command == null || record.key() == null) {
            return;
        }
        String subdomain = record.key();
        switch (command.type()) {
            case CLAIM -> claim(subdomain, command, record.timestamp());
            case RELEASE -> release(subdomain, command.tenantId(), record.timestamp());
            case RECLAIM -> reclaim(subdomain, command, record.timestamp());
        }
    }

    /**
     * The next attempt of a failed signup: free or still this tenant's → held by it again and its
     * {@code TenantRequested} published (the StatusProcessor guards against a second RECLAIM for one attempt);
     * held by another tenant → that attempt fails at once, not retryable.
     */
    private void reclaim(String subdomain, ClaimCommand command, long timestamp) {
        TenantRequested request =
                (TenantRequested) avro.deserialize(Topic.TENANT_REQUESTED.topicName(), command.tenantRequested());
        SubdomainClaim current = claims.get(subdomain);
        if (current != null && current.held() && !current.tenantId().equals(command.tenantId())) {
            emit(command.tenantId().toString(), retryRefused(request, subdomain, timestamp), timestamp);
            return;
        }
        SubdomainClaim claim = new SubdomainClaim(subdomain, command.tenantId(), true, Instant.ofEpochMilli(timestamp));
        claims.put(subdomain, claim);
        emit(command.tenantId().toString(), request, timestamp);
    }

    private static ProvisioningFailed retryRefused(TenantRequested request, String subdomain, long timestamp) {
        return ProvisioningFailed.newBuilder()
                .setEventId(UUID.randomUUID())
                .setTenantId(request.getTenantId())
                .setOccurredAt(Instant.ofEpochMilli(timestamp))
                .setStage(FailureStage.SIGNUP)
                .setReason(FailureReason.SUBDOMAIN_TAKEN)
                .setMessage("retry refused: the subdomain " + subdomain + " now belongs to another signup")
                .setRetryable(false)
                .setSubdomain(subdomain)
                .setAttempt(request.getSignup().getAttempt())
                .build();
    }

    private void claim(String subdomain, ClaimCommand command, long timestamp) {
        SubdomainClaim current = claims.get(subdomain);
        if (current != null && current.held()) {
            // The same tenant asking again (a client retry of one signup) is told yes, without a second request.
            boolean sameTenant = current.tenantId().equals(command.tenantId());
            emit(command.requestId().toString(), decision(command, sameTenant), timestamp);
            return;
        }
        TenantRequested request =
                (TenantRequested) avro.deserialize(Topic.TENANT_REQUESTED.topicName(), command.tenantRequested());
        SubdomainClaim claim = new SubdomainClaim(subdomain, command.tenantId(), true, Instant.ofEpochMilli(timestamp));
        claims.put(subdomain, claim);
        emit(command.tenantId().toString(), request, timestamp);
        if (command.codeHash() != null) {
            emit(
                    command.tenantId().toString(),
                    new TenantCommand(
                            TenantCommand.Type.ISSUE_CODE,
                            command.requestId(),
                            command.tenantId(),
                            command.codeHash(),
                            command.email()),
                    timestamp);
        }
        emit(command.requestId().toString(), decision(command, true), timestamp);
    }

    private void release(String subdomain, UUID tenantId, long timestamp) {
        SubdomainClaim current = claims.get(subdomain);
        if (current == null || !current.held() || !current.tenantId().equals(tenantId)) {
            return;
        }
        SubdomainClaim released = new SubdomainClaim(subdomain, tenantId, false, Instant.ofEpochMilli(timestamp));
        claims.put(subdomain, released);
    }

    private static ClaimDecision decision(ClaimCommand command, boolean accepted) {
        return new ClaimDecision(command.requestId(), command.tenantId(), command.subdomain(), accepted);
    }

    /** Fresh headers per record: the serializer stamps CloudEvents headers, which must not leak to siblings. */
    private void emit(String key, Object value, long timestamp) {
        context.forward(new Record<>(key, value, timestamp, new RecordHeaders()));
    }
}
