package io.benchline.signup.subdomain;

import io.benchline.signup.system.SignupProperties;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Which names a tenant may have: a lower-case RFC 1123 label of 3 to 63 characters, without {@code --} at
 * positions 3 and 4 (that rejects {@code xn--} punycode and any other reserved ACE prefix), and not reserved.
 */
@Component
public class SubdomainRules {

    public static final int MIN_LENGTH = 3;
    public static final int MAX_LENGTH = 63;

    private static final Pattern LABEL = Pattern.compile("^[a-z0-9]([a-z0-9-]*[a-z0-9])?$");

    /**
     * Names that belong to the platform, its operators, or that mail clients, browsers, operating systems and
     * certificate authorities look up under a domain by convention (autoconfig, autodiscover, mta-sts, wpad, …), so
     * no customer can impersonate them or intercept what software asks there.
     */
    private static final Set<String> BUILT_IN_RESERVED = Set.of(
            // the platform and its operators
            "www",
            "api",
            "admin",
            "administrator",
            "app",
            "apps",
            "status",
            "test",
            "localhost",
            "dashboard",
            "support",
            "help",
            "billing",
            "docs",
            "blog",
            "cdn",
            "static",
            "assets",
            "auth",
            "login",
            "signup",
            "account",
            "accounts",
            "root",
            "benchline",
            "frappe",
            "erpnext",
            "bench",
            "internal",
            "staging",
            "dev",
            "demo",
            "security",
            "ssl",
            "secure",
            // mail, and the names mail clients and mail servers discover settings under
            "mail",
            "email",
            "webmail",
            "smtp",
            "smtps",
            "imap",
            "imaps",
            "pop",
            "pop3",
            "pop3s",
            "mx",
            "autoconfig",
            "autodiscover",
            "mta-sts",
            "postmaster",
            "hostmaster",
            "webmaster",
            "abuse",
            "noreply",
            "no-reply",
            // name servers and other infrastructure looked up by name
            "ns",
            "ns1",
            "ns2",
            "ns3",
            "ns4",
            "dns",
            "ftp",
            "sftp",
            "wpad",
            "isatap",
            "ntp",
            "ldap",
            "vpn",
            "proxy",
            "sip",
            "lyncdiscover",
            "enterpriseenrollment",
            "enterpriseregistration",
            "msoid",
            "caldav",
            "carddav",
            "cpanel",
            "whm",
            "webdisk");

    private final Set<String> reserved;

    @Autowired
    public SubdomainRules(SignupProperties properties) {
        this(properties.reservedSubdomains());
    }

    SubdomainRules(Collection<String> extraReserved) {
        Set<String> all = new TreeSet<>(BUILT_IN_RESERVED);
        extraReserved.forEach(name -> all.add(normalize(name)));
        this.reserved = Set.copyOf(all);
    }

    /** DNS names are case-insensitive: the customer's "Acme" is the label "acme". */
    public static String normalize(String name) {
        return name.strip().toLowerCase(Locale.ROOT);
    }

    /** Why {@code name} can never be a tenant's subdomain, or empty when it is well-formed and not reserved. */
    public Optional<String> problem(String name) {
        if (name.length() < MIN_LENGTH || name.length() > MAX_LENGTH) {
            return Optional.of("must be " + MIN_LENGTH + " to " + MAX_LENGTH + " characters long");
        }
        if (!LABEL.matcher(name).matches()) {
            return Optional.of(
                    "may contain only lower-case letters, digits and hyphens, and must start and end with a letter or digit");
        }
        if (name.startsWith("--", 2)) {
            return Optional.of("must not have '--' at positions 3 and 4 (reserved for punycode such as xn--)");
        }
        return Optional.empty();
    }

    public boolean isReserved(String name) {
        return reserved.contains(name);
    }
}
