package io.benchline.operator.canary;

import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.springframework.web.reactive.function.client.WebClientRequestException;

/** Turns a transport failure into a reason fit for a log line: no query string, so no login key or token. */
final class HttpFailures {

    private static final Pattern QUERY = Pattern.compile("\\?\\S*");

    private HttpFailures() {}

    static CanaryStepFailed of(CanaryStep step, String what, RuntimeException e) {
        Throwable cause = e instanceof WebClientRequestException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof TimeoutException || (e.getCause() instanceof TimeoutException)) {
            return new CanaryStepFailed(step, what + ": no answer in time");
        }
        String message = cause.getMessage() == null
                ? ""
                : ": " + QUERY.matcher(cause.getMessage()).replaceAll("?…");
        return new CanaryStepFailed(step, what + " failed (" + cause.getClass().getSimpleName() + message + ")");
    }
}
