package io.benchline.localstack.chaos;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The campaign's signups at a steady rate (one every 1/rate seconds, whatever the stack does: customers do not wait
 * for each other), each with its own subdomain, email and strong password. A {@code 202} is an {@link
 * AcceptedSignup}; anything else (an error status, a refused or reset connection, no answer in time) is refused,
 * counted apart when no fault was on at the time (a refusal the faults do not explain).
 */
final class SignupLoad {

    private static final Pattern TENANT_ID = Pattern.compile("\"tenantId\":\"([0-9a-f-]{36})\"");
    private static final Duration ANSWER_LIMIT = Duration.ofSeconds(15);
    private static final String ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    private final String signupUrl;
    private final double rate;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final SecureRandom passwords = new SecureRandom();
    private final List<AcceptedSignup> accepted = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Integer> refused = new ConcurrentHashMap<>();
    private final Map<String, Integer> refusedWithoutFault = new ConcurrentHashMap<>();

    SignupLoad(String signupUrl, double rate) {
        this.signupUrl = signupUrl;
        this.rate = rate;
    }

    /**
     * Sends {@code signups} POSTs, {@code run} in every subdomain (so a second campaign on the same state signs up
     * new names), and returns once every POST is answered or given up on.
     *
     * @param faultOn whether a fault is on now (asked when a refusal arrives)
     */
    void send(int signups, String run, BooleanSupplier faultOn) throws InterruptedException {
        long start = System.nanoTime();
        List<CompletableFuture<Void>> answers = new ArrayList<>();
        for (int i = 0; i < signups; i++) {
            long due = start + (long) (i / rate * 1e9);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000)); // the next signup's arrival
            }
            answers.add(post("chaos-" + run + "-" + i, faultOn));
        }
        CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).join();
    }

    private CompletableFuture<Void> post(String subdomain, BooleanSupplier faultOn) {
        String email = "owner@" + subdomain + ".example";
        String password = password();
        String body = """
                {"organization": "Chaos %s", "subdomain": "%s", "email": "%s",
                 "firstName": "Chaos", "lastName": "Monkey", "password": "%s"}""".formatted(subdomain, subdomain, email, password);
        HttpRequest request = HttpRequest.newBuilder(URI.create(signupUrl + "/api/signups"))
                .header("Content-Type", "application/json")
                .timeout(ANSWER_LIMIT)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).handle((response, error) -> {
            Matcher id = response == null ? null : TENANT_ID.matcher(response.body());
            if (response != null && response.statusCode() == 202 && id.find()) {
                accepted.add(new AcceptedSignup(id.group(1), subdomain, email, password, Instant.now()));
            } else {
                String why = response != null
                        ? "HTTP " + response.statusCode()
                        : (error instanceof java.util.concurrent.CompletionException c && c.getCause() != null
                                        ? c.getCause()
                                        : error)
                                .getClass()
                                .getSimpleName();
                refused.merge(why, 1, Integer::sum);
                if (!faultOn.getAsBoolean()) {
                    refusedWithoutFault.merge(why, 1, Integer::sum);
                }
            }
            return null;
        });
    }

    /** Strong and unique: four groups of random characters (~70 bits), so the checker can look for each verbatim. */
    private String password() {
        StringBuilder password = new StringBuilder();
        for (int group = 0; group < 4; group++) {
            if (group > 0) {
                password.append('-');
            }
            for (int i = 0; i < 4; i++) {
                password.append(ALPHABET.charAt(passwords.nextInt(ALPHABET.length())));
            }
        }
        return password.append("-7").toString();
    }

    List<AcceptedSignup> accepted() {
        synchronized (accepted) {
            return List.copyOf(accepted);
        }
    }

    /** Refusals by cause (HTTP status or exception). */
    Map<String, Integer> refused() {
        return Map.copyOf(refused);
    }

    Map<String, Integer> refusedWithoutFault() {
        return Map.copyOf(refusedWithoutFault);
    }
}
