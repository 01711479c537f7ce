package io.benchline.operator.api;

import io.benchline.events.OperatorAction;
import io.benchline.operator.tenant.SignupState;
import io.benchline.operator.tenant.TenantSnapshot;
import io.benchline.operator.tenant.TenantSnapshotJson;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.Arrays;
import java.util.Set;
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

/** Signups, whatever their state: list, the full snapshot, and a retry of a failed one. */
@RestController
@RequestMapping("/ops/signups")
class SignupsController {

    private static final Set<String> STATES =
            Arrays.stream(SignupState.values()).map(SignupState::wireName).collect(Collectors.toUnmodifiableSet());

    private final TenantQueries queries;
    private final OperatorCommands commands;

    SignupsController(TenantQueries queries, OperatorCommands commands) {
        this.queries = queries;
        this.commands = commands;
    }

    @Operation(
            summary = "List signups, newest first (state: accepted, provisioning, verifying, creating_user,"
                    + " completed, failed)")
    @GetMapping
    ListPage<SignupItem> list(
            @RequestParam(required = false) String state,
            @RequestParam(required = false) String plan,
            @RequestParam(required = false) String host,
            @RequestParam(required = false) String since,
            @RequestParam(required = false) String cursor,
            @RequestParam(required = false) String limit) {
        ListFilters filters = ListFilters.parse(state, plan, host, since, cursor, limit, STATES);
        return queries.page(filters, s -> true, SignupsController::stateOf, SignupItem::of);
    }

    @Operation(summary = "A signup's full snapshot: timeline, commands and internal failure detail")
    @ApiResponse(
            responseCode = "200",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = TenantSnapshot.class)))
    @GetMapping(path = "/{tenantId}", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<byte[]> get(@PathVariable String tenantId) {
        return snapshotResponse(queries.snapshot(tenantId, s -> true));
    }

    @Operation(summary = "Retry a failed (or timed-out) signup: a new attempt resumes from the first unfinished step")
    @ApiResponse(responseCode = "202", description = "the RETRY command is on Kafka")
    @PostMapping("/{tenantId}/retry")
    Mono<ResponseEntity<CommandAccepted>> retry(
            @PathVariable String tenantId,
            @RequestHeader(name = IdempotencyKeys.HEADER, required = false) String idempotencyKey,
            @RequestBody(required = false) @Valid CommandBodies.Retry body,
            @AuthenticationPrincipal Jwt token) {
        queries.requireReady();
        CommandRequest request = new CommandRequest(
                TenantQueries.tenantId(tenantId),
                OperatorAction.RETRY,
                IdempotencyKeys.require(idempotencyKey),
                Operators.of(token),
                body == null ? null : body.reason(),
                null,
                null,
                null);
        return commands.issue(request).map(SignupsController::accepted);
    }

    static ResponseEntity<CommandAccepted> accepted(CommandAccepted accepted) {
        return ResponseEntity.accepted()
                .location(URI.create("/ops/signups/" + accepted.tenantId()))
                .body(accepted);
    }

    /** The snapshot in the mapping of the topic (lower-case states), exactly as the lifecycle wrote it. */
    static ResponseEntity<byte[]> snapshotResponse(TenantSnapshot snapshot) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(TenantSnapshotJson.write(snapshot));
    }

    private static String stateOf(TenantSnapshot snapshot) {
        return snapshot.signupState() == null ? null : snapshot.signupState().wireName();
    }
}
