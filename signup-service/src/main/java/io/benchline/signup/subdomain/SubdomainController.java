package io.benchline.signup.subdomain;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/subdomains/{name}}: the signup form's live availability check. */
@RestController
class SubdomainController {

    private final SubdomainRules rules;
    private final SubdomainRegistry registry;

    SubdomainController(SubdomainRules rules, SubdomainRegistry registry) {
        this.rules = rules;
        this.registry = registry;
    }

    @GetMapping("/api/subdomains/{name}")
    SubdomainAvailability check(@PathVariable String name) {
        String subdomain = SubdomainRules.normalize(name);
        return rules.problem(subdomain)
                .map(problem -> SubdomainAvailability.unavailable(
                        subdomain, SubdomainAvailability.Reason.INVALID, "The subdomain " + problem + "."))
                .orElseGet(() -> {
                    if (rules.isReserved(subdomain)) {
                        return SubdomainAvailability.unavailable(
                                subdomain, SubdomainAvailability.Reason.RESERVED, "This name is reserved.");
                    }
                    if (registry.isHeld(subdomain)) {
                        return SubdomainAvailability.unavailable(
                                subdomain, SubdomainAvailability.Reason.TAKEN, "This name is already taken.");
                    }
                    return SubdomainAvailability.available(subdomain);
                });
    }
}
