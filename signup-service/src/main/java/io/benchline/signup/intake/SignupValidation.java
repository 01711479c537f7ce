package io.benchline.signup.intake;

import io.benchline.events.Plan;
import io.benchline.platform.countries.Countries;
import io.benchline.platform.countries.Country;
import io.benchline.signup.intake.InvalidSignupException.FieldProblem;
import io.benchline.signup.subdomain.SubdomainRules;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Checks a signup completely before anything else happens: Bean Validation for each field, then what spans
 * fields (names, the password against the customer's own words) and what needs a lookup (subdomain rules, time
 * zone, currency, country). Collects every problem, so the customer fixes the form in one go.
 */
@Component
class SignupValidation {

    private final Validator validator;
    private final SubdomainRules subdomainRules;
    private final PasswordPolicy passwordPolicy;

    SignupValidation(Validator validator, SubdomainRules subdomainRules, PasswordPolicy passwordPolicy) {
        this.validator = validator;
        this.subdomainRules = subdomainRules;
        this.passwordPolicy = passwordPolicy;
    }

    ValidSignup validate(SignupRequest request) {
        List<FieldProblem> problems = new ArrayList<>();
        for (ConstraintViolation<SignupRequest> violation : validator.validate(request)) {
            problems.add(new FieldProblem(violation.getPropertyPath().toString(), violation.getMessage()));
        }

        String subdomain = blankToNull(request.subdomain());
        if (subdomain != null) {
            subdomain = SubdomainRules.normalize(subdomain);
            subdomainRules.problem(subdomain).ifPresent(p -> problems.add(new FieldProblem("subdomain", p)));
        }

        String[] names = names(request, problems);

        if (request.password() != null && !hasProblem(problems, "password")) {
            passwordPolicy
                    .problem(
                            request.password(),
                            List.of(
                                    nullToEmpty(request.email()),
                                    nullToEmpty(request.email()).split("@")[0],
                                    nullToEmpty(request.organization()),
                                    names[0],
                                    names[1],
                                    nullToEmpty(subdomain)))
                    .ifPresent(p -> problems.add(new FieldProblem("password", p)));
        }

        Optional<Country> country = Optional.empty();
        if (blankToNull(request.country()) != null && !hasProblem(problems, "country")) {
            // Frappe's own table: a name the JDK knows but Frappe does not ("Czechia") would fail the wizard later.
            country = Countries.frappe().find(request.country());
            if (country.isEmpty()) {
                problems.add(new FieldProblem(
                        "country",
                        "must be an ISO 3166 two-letter country code or a country name as Frappe lists it,"
                                + " such as DE or Germany"));
            }
        }

        String timezone = blankToNull(request.timezone());
        if (timezone != null && !isZone(timezone)) {
            problems.add(new FieldProblem("timezone", "must be an IANA time zone such as Europe/Berlin"));
        }
        String currency = blankToNull(request.currency());
        if (currency != null && !hasProblem(problems, "currency") && !isCurrency(currency)) {
            problems.add(new FieldProblem("currency", "must be an ISO 4217 currency code such as EUR"));
        }

        if (!problems.isEmpty()) {
            problems.sort(Comparator.comparing(FieldProblem::field).thenComparing(FieldProblem::message));
            throw new InvalidSignupException(problems);
        }
        return new ValidSignup(
                request.organization().strip(),
                subdomain,
                request.email().strip().toLowerCase(Locale.ROOT),
                names[0],
                names[1],
                request.password(),
                request.plan() == null ? Plan.FREE : Plan.valueOf(request.plan().toUpperCase(Locale.ROOT)),
                country.map(Country::code).orElse(null),
                timezone,
                currency == null ? null : currency.toUpperCase(Locale.ROOT));
    }

    /** firstName (required) and lastName, from the separate fields or split from fullName at the first space. */
    private static String[] names(SignupRequest request, List<FieldProblem> problems) {
        String first = blankToNull(request.firstName());
        String last = blankToNull(request.lastName());
        String full = blankToNull(request.fullName());
        if (first == null && full != null) {
            String[] parts = full.strip().split("\\s+", 2);
            first = parts[0];
            last = last != null ? last : parts.length > 1 ? parts[1] : null;
            if (first.length() > 70 || (last != null && last.length() > 70)) {
                problems.add(new FieldProblem("fullName", "first and last name must each be at most 70 characters"));
            }
        }
        if (first == null) {
            problems.add(new FieldProblem("firstName", "must not be blank (or give fullName)"));
        }
        return new String[] {first == null ? "" : first.strip(), last == null ? "" : last.strip()};
    }

    private static boolean isZone(String zone) {
        try {
            return ZoneId.getAvailableZoneIds().contains(zone) && ZoneId.of(zone) != null;
        } catch (DateTimeException e) {
            return false;
        }
    }

    private static boolean isCurrency(String code) {
        try {
            Currency.getInstance(code.toUpperCase(Locale.ROOT));
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean hasProblem(List<FieldProblem> problems, String field) {
        return problems.stream().anyMatch(p -> p.field().equals(field));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
