package io.benchline.signup.intake;

import io.benchline.platform.secrets.Secret;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import tools.jackson.databind.annotation.JsonDeserialize;

/**
 * The signup form as the frontend posts it. {@code fullName} may stand in for {@code firstName} and
 * {@code lastName}; {@code subdomain} and {@code plan} are optional. The password is read straight into a
 * {@link Secret}, so this record never shows it (not in {@code toString}, not in a validation message).
 */
record SignupRequest(
        @NotBlank @Size(max = 140) @Pattern(regexp = PLAIN_TEXT, message = PLAIN_TEXT_MESSAGE)
        String organization,

        @Size(max = 63, message = "must be 3 to 63 characters long")
        @Pattern(regexp = PLAIN_TEXT, message = PLAIN_TEXT_MESSAGE)
        String subdomain,

        @NotBlank
        @Size(max = 254)
        @Email(regexp = DELIVERABLE_ADDRESS, message = "must be a valid email address")
        @Pattern(regexp = PLAIN_TEXT, message = PLAIN_TEXT_MESSAGE)
        String email,

        @Size(max = 70) @Pattern(regexp = PLAIN_TEXT, message = PLAIN_TEXT_MESSAGE)
        String firstName,

        @Size(max = 70) @Pattern(regexp = PLAIN_TEXT, message = PLAIN_TEXT_MESSAGE)
        String lastName,

        @Size(max = 141) @Pattern(regexp = PLAIN_TEXT, message = PLAIN_TEXT_MESSAGE)
        String fullName,

        // Checked for the same characters by PasswordPolicy, which never shows the value.
        @NotNull @JsonDeserialize(using = SecretDeserializer.class)
        Secret password,

        @Pattern(regexp = "(?i)free|pro|enterprise", message = "must be one of free, pro, enterprise")
        String plan,

        // An ISO 3166 code or Frappe's name for the country, checked against Frappe's table in SignupValidation.
        @Size(max = 64) @Pattern(regexp = PLAIN_TEXT, message = PLAIN_TEXT_MESSAGE)
        String country,

        @Size(max = 64) @Pattern(regexp = PLAIN_TEXT, message = PLAIN_TEXT_MESSAGE)
        String timezone,

        @Pattern(regexp = "[A-Za-z]{3}", message = "must be an ISO 4217 currency code")
        String currency) {

    /**
     * No control characters (Cc: C0, DEL, C1 such as NEL), no format characters (Cf: bidi overrides, zero-width
     * joiners, soft hyphens, BOM) and no line or paragraph separators: they hide or reorder text in the admin
     * screens, logs and emails the values end up in.
     */
    static final String PLAIN_TEXT = "[^\\p{Cc}\\p{Cf}\\u2028\\u2029]*";

    static final String PLAIN_TEXT_MESSAGE = "must not contain control, format or line separator characters";

    /** A mailbox on a domain with a top-level domain: no bare hosts, IP literals or quoted oddities. */
    static final String DELIVERABLE_ADDRESS =
            "[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]{2,63}";
}
