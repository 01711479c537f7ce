package io.benchline.simulator.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.benchline.simulator.host.FrappeError;
import io.benchline.simulator.host.PythonJson;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Frappe's JSON error body: {@code exc_type}; {@code exception} and {@code exc} (a JSON string holding a
 * list of tracebacks) only with tracebacks on; {@code _server_messages} (a JSON string holding a list of
 * JSON strings) when the error was shown to the user.
 */
final class FrappeErrorBody {

    private final ObjectMapper json;
    private final boolean tracebacks;

    FrappeErrorBody(ObjectMapper json, boolean tracebacks) {
        this.json = json;
        this.tracebacks = tracebacks;
    }

    SiteResponse render(FrappeError error, Map<String, Object> extra, String handler) {
        Map<String, Object> body = new LinkedHashMap<>(extra);
        if (tracebacks) {
            body.put("exception", error.pythonLine());
        }
        body.put("exc_type", error.kind().excType());
        if (tracebacks) {
            String traceback = "Traceback (most recent call last):\n"
                    + "  File \"apps/frappe/frappe/app.py\", line 114, in application\n"
                    + "    response = frappe.api.handle(request)\n"
                    + "  File \"apps/frappe/frappe/" + handler + "\n"
                    + error.pythonLine() + "\n";
            body.put("exc", PythonJson.dumps(List.of(traceback)));
        }
        if (error.messagePrinted()) {
            Map<String, Object> message = new LinkedHashMap<>();
            message.put("message", error.getMessage());
            message.put("title", error.title());
            message.put("indicator", "red");
            body.put("_server_messages", PythonJson.dumps(List.of(PythonJson.dumps(message))));
        }
        return SiteResponse.json(error.kind().httpStatus(), write(body));
    }

    String write(Object body) {
        try {
            return json.writeValueAsString(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("maps of strings always serialize", e);
        }
    }
}
