package io.benchline.signup.apidoc;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The public API's OpenAPI document. springdoc infers one {@code 200} per operation and adds every exception
 * handler's statuses to every operation; the customizer replaces both with what each endpoint really answers
 * ({@link DocumentedEndpoints}), keeping the inferred success body. An operation without an entry there fails the
 * document's test, so a new endpoint cannot go out undocumented.
 */
@Configuration(proxyBeanMethods = false)
class ApiDocumentation {

    static final String PROBLEM = "Problem";

    @Bean
    OpenAPI signupApi() {
        return new OpenAPI()
                .info(new Info()
                        .title("Benchline signup API")
                        .version("1")
                        .description("Sign up for an ERPNext site, follow it being built over Server-Sent Events, "
                                + "confirm the email address, and enter the site logged in."))
                .components(new Components()
                        .addSecuritySchemes(
                                "signupCookie",
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.APIKEY)
                                        .in(SecurityScheme.In.COOKIE)
                                        .name("benchline_signup")
                                        .description("Set by POST /api/signups, scoped to the signup's path."))
                        .addSecuritySchemes(
                                "signupToken",
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.APIKEY)
                                        .in(SecurityScheme.In.QUERY)
                                        .name("token")
                                        .description("The token in eventsUrl, for frontends on another site."))
                        .addSecuritySchemes(
                                "signupBearer",
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.HTTP)
                                        .scheme("bearer")
                                        .description("The same token as an Authorization header.")));
    }

    @Bean
    OpenApiCustomizer documentedResponses() {
        return openApi -> {
            if (openApi.getPaths() == null) {
                return;
            }
            openApi.getPaths()
                    .forEach((path, item) -> item.readOperationsMap()
                            .forEach((method, operation) -> DocumentedEndpoints.find(method.name(), path)
                                    .ifPresent(endpoint -> document(operation, endpoint))));
            if (openApi.getComponents() == null) {
                openApi.setComponents(new Components());
            }
            // Here, not on the bean: springdoc rebuilds the schemas from the controllers and drops the bean's own.
            openApi.getComponents().addSchemas(PROBLEM, problemSchema());
            describeSecrets(openApi.getComponents());
        };
    }

    /**
     * The password travels as a plain JSON string (read into a {@code Secret} that never prints it), and the code is
     * six digits: say so instead of springdoc's empty {@code Secret} object.
     */
    private static void describeSecrets(Components components) {
        if (components == null || components.getSchemas() == null) {
            return;
        }
        Schema<?> signup = components.getSchemas().get("SignupRequest");
        if (signup != null
                && signup.getProperties() != null
                && signup.getProperties().containsKey("password")) {
            signup.getProperties()
                    .put(
                            "password",
                            new StringSchema()
                                    .format("password")
                                    .minLength(10)
                                    .maxLength(512)
                                    .writeOnly(true)
                                    .description("Sealed at once; never stored, logged or sent in plain text"));
            components.getSchemas().remove("Secret");
        }
        Schema<?> code = components.getSchemas().get("CodeRequest");
        if (code != null && code.getProperties() != null && code.getProperties().containsKey("code")) {
            code.getProperties()
                    .put("code", new StringSchema().pattern("^[0-9]{6}$").example("123456"));
        }
    }

    private static void document(Operation operation, DocumentedEndpoints.Endpoint endpoint) {
        Content inferred = successContent(operation.getResponses());
        ApiResponses responses = new ApiResponses();
        for (DocumentedEndpoints.Answer answer : endpoint.answers()) {
            ApiResponse response = new ApiResponse().description(answer.description());
            if (answer.status() / 100 == 2 && inferred != null && answer.status() != 204) {
                response.content(inferred);
            } else if (answer.status() >= 400) {
                response.content(new Content()
                        .addMediaType(
                                "application/problem+json",
                                new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM))));
            }
            for (String header : answer.headers()) {
                response.addHeaderObject(header, new Header().schema(new StringSchema()));
            }
            responses.addApiResponse(Integer.toString(answer.status()), response);
        }
        operation.setResponses(responses);
        operation.setSummary(endpoint.summary());
        if (endpoint.signupCredential()) {
            operation.setSecurity(List.of(
                    new SecurityRequirement().addList("signupCookie"),
                    new SecurityRequirement().addList("signupToken"),
                    new SecurityRequirement().addList("signupBearer")));
        }
    }

    /** The inferred success body; springdoc's {@code *}/{@code *} is JSON here (the controllers produce JSON). */
    private static Content successContent(ApiResponses inferred) {
        if (inferred == null) {
            return null;
        }
        return inferred.entrySet().stream()
                .filter(e -> e.getKey().startsWith("2") && e.getValue().getContent() != null)
                .map(e -> e.getValue().getContent())
                .findFirst()
                .map(content -> {
                    MediaType any = content.remove("*/*");
                    return any == null ? content : content.addMediaType("application/json", any);
                })
                .orElse(null);
    }

    /** RFC 9457 problem details, with the fields this API adds. */
    private static Schema<?> problemSchema() {
        return new ObjectSchema()
                .description("RFC 9457 problem details")
                .properties(Map.of(
                        "type",
                        new StringSchema(),
                        "title",
                        new StringSchema(),
                        "status",
                        new Schema<>().type("integer"),
                        "detail",
                        new StringSchema(),
                        "instance",
                        new StringSchema(),
                        "reason",
                        new StringSchema().description("409: taken | reserved"),
                        "errors",
                        new Schema<>()
                                .type("array")
                                .items(new ObjectSchema()
                                        .properties(
                                                Map.of("field", new StringSchema(), "message", new StringSchema())))));
    }
}
