package io.benchline.simulator.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * System Settings over REST, how user-service pre-fills ERPNext's own setup wizard (contracts decision 3): the
 * v15 field names ({@code country}, {@code language}, {@code time_zone}, {@code currency}), Link fields checked
 * like Frappe's {@code _validate_links}, System Manager only, and a PUT that leaves the wizard pending.
 */
class SystemSettingsConformanceTests {

    private static final String SETTINGS = "/api/resource/System%20Settings/System%20Settings";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path work;

    static BenchHostTarget target;
    static String site;
    static Map<String, String> token;

    @BeforeAll
    static void siteWithKeys() throws Exception {
        target = BenchHostTarget.resolve(work);
        site = target.readySite(false);
        token = target.administratorKeys(site).token();
    }

    @AfterAll
    static void disconnect() {
        target.close();
    }

    private static HttpResponse<String> put(String body) throws Exception {
        return target.put(site, SETTINGS, "application/json", body, token);
    }

    private static JsonNode data(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body()).get("data");
    }

    private static List<String> serverMessages(HttpResponse<String> response) throws Exception {
        JsonNode outer = JSON.readTree(
                JSON.readTree(response.body()).get("_server_messages").asText());
        return StreamSupport.stream(outer.spliterator(), false)
                .map(inner -> {
                    try {
                        return JSON.readTree(inner.asText()).get("message").asText();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                })
                .toList();
    }

    @Test
    void readingTheSingleGivesItsDocumentWithTheV15FieldNames() throws Exception {
        HttpResponse<String> read = target.get(site, SETTINGS, token);

        assertThat(read.statusCode()).isEqualTo(200);
        JsonNode data = data(read);
        assertThat(data.get("name").asText()).isEqualTo("System Settings");
        assertThat(data.get("doctype").asText()).isEqualTo("System Settings");
        for (String field : List.of("country", "language", "time_zone", "currency", "setup_complete")) {
            assertThat(data.has(field)).as(field).isTrue();
        }
    }

    @Test
    void aPutStoresCountryTimeZoneLanguageAndCurrencyAndLeavesTheWizardPending() throws Exception {
        HttpResponse<String> saved = put(
                "{\"country\":\"Czech Republic\",\"time_zone\":\"Europe/Prague\",\"language\":\"cs\",\"currency\":\"CZK\"}");

        assertThat(saved.statusCode()).isEqualTo(200);
        JsonNode read = data(target.get(site, SETTINGS, token));
        assertThat(read.get("country").asText()).isEqualTo("Czech Republic");
        assertThat(read.get("time_zone").asText()).isEqualTo("Europe/Prague");
        assertThat(read.get("language").asText()).isEqualTo("cs");
        assertThat(read.get("currency").asText()).isEqualTo("CZK");
        assertThat(read.get("setup_complete").asInt()).isZero();
        assertThat(data(saved).get("country").asText()).isEqualTo("Czech Republic");
    }

    @Test
    void anUnknownCountryIsALinkValidationErrorAndNothingIsSaved() throws Exception {
        put("{\"country\":\"Germany\"}");

        // The JDK's name; Frappe's Country record is "Czech Republic".
        HttpResponse<String> refused = put("{\"country\":\"Czechia\",\"time_zone\":\"Europe/Prague\"}");

        assertThat(refused.statusCode()).isEqualTo(417);
        assertThat(JSON.readTree(refused.body()).get("exc_type").asText()).isEqualTo("LinkValidationError");
        assertThat(serverMessages(refused))
                .anySatisfy(m -> assertThat(m).contains("Could not find").contains("Czechia"));
        JsonNode read = data(target.get(site, SETTINGS, token));
        assertThat(read.get("country").asText()).isEqualTo("Germany");
        assertThat(read.get("time_zone").asText()).isNotEqualTo("Europe/Prague");
    }

    @Test
    void languageIsALinkToALanguageCodeNotItsName() throws Exception {
        HttpResponse<String> byName = put("{\"language\":\"English\"}");
        HttpResponse<String> byCode = put("{\"language\":\"en\"}");

        assertThat(byName.statusCode()).isEqualTo(417);
        assertThat(JSON.readTree(byName.body()).get("exc_type").asText()).isEqualTo("LinkValidationError");
        assertThat(byCode.statusCode()).isEqualTo(200);
    }

    @Test
    void anUnknownCurrencyIsALinkValidationError() throws Exception {
        HttpResponse<String> refused = put("{\"currency\":\"XYZ1\"}");

        assertThat(refused.statusCode()).isEqualTo(417);
        assertThat(JSON.readTree(refused.body()).get("exc_type").asText()).isEqualTo("LinkValidationError");
    }

    @Test
    void aGuestMayNeitherReadNorWrite() throws Exception {
        HttpResponse<String> read = target.get(site, SETTINGS, Map.of());
        HttpResponse<String> write =
                target.put(site, SETTINGS, "application/json", "{\"country\":\"India\"}", Map.of());

        assertThat(read.statusCode()).isEqualTo(403);
        assertThat(write.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(write.body()).get("exc_type").asText()).isEqualTo("PermissionError");
    }
}
