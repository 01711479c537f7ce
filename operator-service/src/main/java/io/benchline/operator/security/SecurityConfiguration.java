package io.benchline.operator.security;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtAudienceValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;

/**
 * Two filter chains: {@code /ops/**} with the bearer-token resource server and scope rules, and everything else
 * without it (a permitAll path in a resource-server chain still answers 401 to a bad token). Boot builds the JWT
 * decoder from {@code spring.security.oauth2.resourceserver.jwt.*} and adds the validator beans below to its
 * defaults (signature, exp and nbf).
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    @Bean
    OAuth2TokenValidator<Jwt> operatorIssuer(OperatorSecurityProperties properties) {
        return new JwtIssuerValidator(properties.issuer());
    }

    @Bean
    OAuth2TokenValidator<Jwt> operatorAudience(OperatorSecurityProperties properties) {
        return new JwtAudienceValidator(properties.audience());
    }

    @Bean
    @Order(1)
    SecurityWebFilterChain operatorApi(ServerHttpSecurity http) {
        ProblemResponses problems = new ProblemResponses();
        return stateless(http)
                .securityMatcher(ServerWebExchangeMatchers.pathMatchers("/ops", "/ops/**"))
                .authorizeExchange(exchanges -> exchanges
                        .pathMatchers(HttpMethod.GET, "/ops/**")
                        .hasAnyAuthority(OpsScopes.READ, OpsScopes.WRITE)
                        .pathMatchers(HttpMethod.POST, "/ops/**")
                        .hasAuthority(OpsScopes.WRITE)
                        .anyExchange()
                        .denyAll())
                .oauth2ResourceServer(server ->
                        server.jwt(jwt -> {}).authenticationEntryPoint(problems).accessDeniedHandler(problems))
                .exceptionHandling(
                        handling -> handling.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                .build();
    }

    /** Health (for probes), Prometheus (scraped inside the cluster) and the OpenAPI document; nothing else. */
    @Bean
    @Order(2)
    SecurityWebFilterChain everythingElse(ServerHttpSecurity http) {
        ProblemResponses problems = new ProblemResponses();
        return stateless(http)
                .authorizeExchange(exchanges -> exchanges
                        .pathMatchers(HttpMethod.GET, "/actuator/health", "/actuator/health/**", "/actuator/prometheus")
                        .permitAll()
                        .pathMatchers(HttpMethod.GET, "/v3/api-docs", "/v3/api-docs.yaml", "/v3/api-docs/**")
                        .permitAll()
                        .anyExchange()
                        .denyAll())
                .exceptionHandling(
                        handling -> handling.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                .build();
    }

    /** Bearer tokens only: no session, no CSRF token (no cookies to ride on), no login forms. */
    private static ServerHttpSecurity stateless(ServerHttpSecurity http) {
        return http.csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance());
    }
}
