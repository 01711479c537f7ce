package io.benchline.signup.handoff;

import io.benchline.events.SecretPurpose;
import io.benchline.platform.secrets.SealedField;
import io.benchline.platform.secrets.SealingContext;
import io.benchline.platform.secrets.SecretSealer;
import io.benchline.platform.secrets.SecretSealers;
import io.benchline.platform.sites.SiteAddress;
import io.benchline.platform.sites.SiteAddressPolicy;
import io.benchline.platform.sites.UntrustedSiteAddress;
import io.benchline.signup.access.StreamAccess;
import io.benchline.signup.status.SignupAccessDeniedException;
import io.benchline.signup.status.SignupStatus;
import io.benchline.signup.status.StatusView;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code GET /api/signups/{tenantId}/enter}: with the signup's stream credential (401 without, 404 with someone
 * else's), a completed signup's customer is redirected (302) to
 * {@code <siteUrl>/api/method/frappe.www.login.login_via_key?key=<one-time key>} on the site URL of its
 * {@code SignupCompleted}, checked like every URL taken from an event ({@link SiteAddressPolicy}); past the keys or
 * the hand-off window, or when no key comes in time, to {@code <siteUrl>/login}. The key is opened only here, for
 * this Location header, and never logged. {@code Cache-Control: no-store}, {@code Referrer-Policy: no-referrer}.
 */
@RestController
class EnterController {

    private static final Logger log = LoggerFactory.getLogger(EnterController.class);

    static final String LOGIN_VIA_KEY = "/api/method/frappe.www.login.login_via_key?key=";
    static final String LOGIN_PAGE = "/login";

    private final StreamAccess access;
    private final StatusView statuses;
    private final HandOffDesk desk;
    private final SiteAddressPolicy sites;
    private final SecretSealer loginKeys;
    private final Clock clock;

    EnterController(
            StreamAccess access,
            StatusView statuses,
            HandOffDesk desk,
            SiteAddressPolicy sites,
            SecretSealers sealers,
            Clock clock) {
        this.access = access;
        this.statuses = statuses;
        this.desk = desk;
        this.sites = sites;
        this.clock = clock;
        if (sealers.holds(SecretPurpose.LOGIN_KEY)) {
            this.loginKeys = sealers.forPurpose(SecretPurpose.LOGIN_KEY);
        } else {
            log.warn("no keyset for login keys (benchline.secrets.keysets.login-key.file): customers entering their"
                    + " site are sent to its login page");
            this.loginKeys = null;
        }
    }

    @GetMapping("/api/signups/{tenantId}/enter")
    Mono<ResponseEntity<Void>> enter(@PathVariable UUID tenantId, ServerHttpRequest request) {
        StreamAccess.Verdict verdict = access.check(request, tenantId);
        if (!verdict.granted()) {
            throw new SignupAccessDeniedException(verdict.outcome());
        }
        SignupStatus status = statuses.find(tenantId).orElseThrow(SignupAccessDeniedException::notFound);
        if (status.phase() != SignupStatus.Phase.COMPLETED) {
            throw notYet();
        }
        SiteAddress site;
        try {
            String siteUrl = status.siteReady() != null ? status.siteReady().siteUrl() : status.siteUrl();
            site = sites.check(status.subdomain(), siteUrl);
        } catch (UntrustedSiteAddress e) {
            log.warn("signup {} not handed off: {}", tenantId, e.getMessage());
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                    HttpStatus.BAD_GATEWAY,
                    "We could not confirm your site's address. Support reference: " + tenantId + ".");
            problem.setTitle("Site address not confirmed");
            throw new ErrorResponseException(HttpStatus.BAD_GATEWAY, problem, null);
        }
        if (loginKeys == null) {
            return Mono.just(redirect(loginPage(site)));
        }
        return desk.enter(tenantId)
                .flatMap(ticket -> ticket.ahead() && !usable(ticket) ? desk.enter(tenantId) : Mono.just(ticket))
                .map(ticket -> switch (ticket.kind()) {
                    case KEY -> usable(ticket) ? redirect(withKey(tenantId, site, ticket)) : redirect(loginPage(site));
                    case LOGIN_PAGE -> redirect(loginPage(site));
                    case NOT_READY -> throw notYet();
                })
                .onErrorResume(e -> !(e instanceof ErrorResponseException), e -> {
                    log.warn(
                            "signup {}: no login key in time ({}); sending the customer to the login page",
                            tenantId,
                            e.getClass().getSimpleName());
                    return Mono.just(redirect(loginPage(site)));
                });
    }

    /** A key that came, with no failure, not expired. */
    private boolean usable(EntryTicket ticket) {
        return ticket.kind() == EntryTicket.Kind.KEY
                && ticket.loginKey() != null
                && (ticket.expiresAt() == null || ticket.expiresAt().isAfter(clock.instant()));
    }

    private URI withKey(UUID tenantId, SiteAddress site, EntryTicket ticket) {
        String key = loginKeys
                .open(new SealingContext(tenantId, site.host()), SealedField.LOGIN_KEY, ticket.loginKey())
                .reveal();
        log.info("signup {} handed off to its site with a one-time login key", tenantId);
        return URI.create(root(site) + LOGIN_VIA_KEY + URLEncoder.encode(key, StandardCharsets.UTF_8));
    }

    private static URI loginPage(SiteAddress site) {
        return URI.create(root(site) + LOGIN_PAGE);
    }

    private static String root(SiteAddress site) {
        String url = site.url().toString();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static ResponseEntity<Void> redirect(URI location) {
        return ResponseEntity.status(HttpStatus.FOUND)
                .header(HttpHeaders.LOCATION, location.toString())
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .header("Referrer-Policy", "no-referrer")
                .build();
    }

    private static ErrorResponseException notYet() {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.CONFLICT,
                "Your site is not ready to enter yet; the signup page takes you there when it is.");
        problem.setTitle("Not ready yet");
        ErrorResponseException refusal = new ErrorResponseException(HttpStatus.CONFLICT, problem, null);
        refusal.getHeaders().set(HttpHeaders.CACHE_CONTROL, "no-store");
        return refusal;
    }
}
