package io.benchline.user.site;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class FrappeAnswerTests {

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void readsTheMessagesOfServerMessagesWithoutHtml() {
        String body = "{\"exc_type\":\"DuplicateEntryError\",\"_server_messages\":"
                + "\"[\\\"{\\\\\\\"message\\\\\\\": \\\\\\\"User <strong>jane@acme.example</strong> already exists\\\\\\\","
                + " \\\\\\\"title\\\\\\\": \\\\\\\"Message\\\\\\\", \\\\\\\"indicator\\\\\\\": \\\\\\\"red\\\\\\\"}\\\"]\"}";

        FrappeAnswer answer = FrappeAnswer.of(409, body, json);

        assertThat(answer.readableMessage(json)).isEqualTo("User jane@acme.example already exists");
        assertThat(answer.summary()).isEqualTo("HTTP 409 DuplicateEntryError");
    }

    @Test
    void fallsBackToTheExceptionTypeWhenNothingWasPrinted() {
        FrappeAnswer answer = FrappeAnswer.of(401, "{\"exc_type\":\"AuthenticationError\"}", json);

        assertThat(answer.readableMessage(json)).isEqualTo("AuthenticationError (HTTP 401)");
    }

    @Test
    void treatsAnHtmlPageAsAnAnswerWithoutDetails() {
        FrappeAnswer answer = FrappeAnswer.of(404, "<!doctype html><title>404 Not Found</title>", json);

        assertThat(answer.summary()).isEqualTo("HTTP 404");
        assertThat(answer.readableMessage(json)).isEqualTo("HTTP 404");
    }

    @Test
    void unescapesEntitiesAfterStrippingTags() {
        assertThat(FrappeAnswer.plain("<b>Tom &amp; Jerry&#39;s</b>\n  &lt;shop&gt;"))
                .isEqualTo("Tom & Jerry's <shop>");
    }
}
