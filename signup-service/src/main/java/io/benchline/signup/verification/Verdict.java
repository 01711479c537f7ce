package io.benchline.signup.verification;

/** What the one place that decides a tenant's email verification answered to a check or a resend. */
public enum Verdict {
    /** The code was right (check). */
    VERIFIED,
    /** Verified before: a repeated check succeeds again, a resend is refused. */
    ALREADY_VERIFIED,
    /** The code was wrong; one attempt fewer is left. */
    WRONG,
    /** The current code has had all its attempts; only a new code helps. */
    TOO_MANY_ATTEMPTS,
    /** The current code is older than its time to live; only a new code helps. */
    CODE_EXPIRED,
    /** The verification window closed: the signup has failed. */
    WINDOW_CLOSED,
    /** No verification for this tenant (unknown signup, or verification was off when it was accepted). */
    UNKNOWN,
    /** A new code was recorded (resend): mail it now. */
    SENT,
    /** A new code is not due yet (resend). */
    COOLDOWN,
    /** This signup has had all the codes it may have (resend). */
    TOO_MANY_CODES
}
