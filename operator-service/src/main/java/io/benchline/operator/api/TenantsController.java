package io.benchline.operator.api;

import io.benchline.events.OperatorAction;
import io.benchline.events.Plan;
import io.benchline.events.SuspensionReason;
import io.benchline.operator.tenant.TenantSnapshot;
import io.benchline.operator.tenant.TenantState;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Tenants (signups that completed): list, the full snapshot, suspend, resume, change plan, deprovision. */
@RestController
@RequestMapping("/ops/tenants")
class TenantsController {

    private static final Set<String> STATES = Arrays.stream(TenantState.values())
            .filter(state -> state != TenantState.NONE)
            .map(TenantState::wireName)
            .collect(Collectors.toUnmodifiableSet());

    /** A signup becomes a tenant when it completes; before that it is only in /ops/signups. */
    private static final Predicate<TenantSnapshot> TENANTS =
            s -> s.tenantState() != null && s.tenantState() != TenantState.NONE;

    private final TenantQueries queries;
    private final OperatorCommands commands;

    TenantsController(TenantQueries queries, OperatorCommands commands) {
        this.queries = queries;
        this.commands = commands;
    }

    @Operation(
            summary = "List tenants, newest first (state: awaiting_verification, active, suspended, deprovisioning,"
                    + " deleted)")
    @GetMapping
    ListPage<TenantItem> list(
            @RequestParam(required = false) String state,
            @RequestParam(required = false) String plan,
            @RequestParam(required = false) String host,
            @RequestParam(required = false) String since,
            @RequestParam(required = false) String cursor,
            @RequestParam(required = false) String limit) {
        ListFilters filters = ListFilters.parse(state, plan, host, since, cursor, limit, STATES);
        return queries.page(filters, TENANTS, s -> s.tenantState().wireName(), TenantItem::of);
    }

    @Operation(summary = "A tenant's full snapshot: timeline, commands, backup")
    @ApiResponse(
            responseCode = "200",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = TenantSnapshot.class)))
    @GetMapping(path = "/{tenantId}", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<byte[]> get(@PathVariable String tenantId) {
        return SignupsController.snapshotResponse(queries.snapshot(tenantId, TENANTS));
    }

    @Operation(summary = "Suspend a tenant's site (maintenance mode on, scheduler off)")
    @ApiResponse(responseCode = "202", description = "the SUSPEND command is on Kafka")
    @PostMapping("/{tenantId}/suspend")
    Mono<ResponseEntity<CommandAccepted>> suspend(
            @PathVariable String tenantId,
            @RequestHeader(name = IdempotencyKeys.HEADER, required = false) String idempotencyKey,
            @RequestBody(required = false) @Valid CommandBodies.Suspend body,
            @AuthenticationPrincipal Jwt token) {
        String reason = body == null || body.reason() == null ? "operator" : body.reason();
        return issue(
                tenantId,
                OperatorAction.SUSPEND,
                idempotencyKey,
                token,
                body == null ? null : body.note(),
                null,
                SuspensionReason.valueOf(reason.toUpperCase(Locale.ROOT)),
                null);
    }

    @Operation(summary = "Resume a suspended tenant (or cancel a deprovisioning still in its grace)")
    @ApiResponse(responseCode = "202", description = "the RESUME command is on Kafka")
    @PostMapping("/{tenantId}/resume")
    Mono<ResponseEntity<CommandAccepted>> resume(
            @PathVariable String tenantId,
            @RequestHeader(name = IdempotencyKeys.HEADER, required = false) String idempotencyKey,
            @RequestBody(required = false) @Valid CommandBodies.Resume body,
            @AuthenticationPrincipal Jwt token) {
        return issue(
                tenantId,
                OperatorAction.RESUME,
                idempotencyKey,
                token,
                body == null ? null : body.note(),
                null,
                null,
                null);
    }

    @Operation(summary = "Move a tenant to another plan")
    @ApiResponse(responseCode = "202", description = "the CHANGE_PLAN command is on Kafka")
    @PostMapping("/{tenantId}/plan")
    Mono<ResponseEntity<CommandAccepted>> changePlan(
            @PathVariable String tenantId,
            @RequestHeader(name = IdempotencyKeys.HEADER, required = false) String idempotencyKey,
            @RequestBody @Valid CommandBodies.ChangePlan body,
            @AuthenticationPrincipal Jwt token) {
        return issue(
                tenantId,
                OperatorAction.CHANGE_PLAN,
                idempotencyKey,
                token,
                body.note(),
                Plan.valueOf(body.plan().toUpperCase(Locale.ROOT)),
                null,
                null);
    }

    @Operation(summary = "Deprovision a tenant: suspend now; after the grace, back up with files, then drop")
    @ApiResponse(responseCode = "202", description = "the DEPROVISION command is on Kafka")
    @PostMapping("/{tenantId}/deprovision")
    Mono<ResponseEntity<CommandAccepted>> deprovision(
            @PathVariable String tenantId,
            @RequestHeader(name = IdempotencyKeys.HEADER, required = false) String idempotencyKey,
            @RequestBody(required = false) @Valid CommandBodies.Deprovision body,
            @AuthenticationPrincipal Jwt token) {
        return issue(
                tenantId,
                OperatorAction.DEPROVISION,
                idempotencyKey,
                token,
                body == null ? null : body.reason(),
                null,
                null,
                body == null ? null : body.graceSeconds());
    }

    private Mono<ResponseEntity<CommandAccepted>> issue(
            String tenantId,
            OperatorAction action,
            String idempotencyKey,
            Jwt token,
            String reason,
            Plan plan,
            SuspensionReason suspensionReason,
            Long graceSeconds) {
        queries.requireReady();
        CommandRequest request = new CommandRequest(
                TenantQueries.tenantId(tenantId),
                action,
                IdempotencyKeys.require(idempotencyKey),
                Operators.of(token),
                reason,
                plan,
                suspensionReason,
                graceSeconds);
        return commands.issue(request).map(SignupsController::accepted);
    }
}
