package io.benchline.provisioner.hosts.checks;

/**
 * The result of one precondition on one host: what was checked, whether it held, and a short detail (never a
 * secret: output of {@code cat common_site_config.json} is never quoted).
 *
 * @param problem set when {@code outcome} is FAILED
 */
record Finding(String check, Outcome outcome, HostProblem problem, String detail) {

    /** SKIPPED: not checked because an earlier failure made it meaningless, or the host's settings exempt it. */
    public enum Outcome {
        PASSED,
        FAILED,
        SKIPPED
    }

    static Finding passed(String check, String detail) {
        return new Finding(check, Outcome.PASSED, null, detail);
    }

    static Finding failed(String check, HostProblem problem, String detail) {
        return new Finding(check, Outcome.FAILED, problem, detail);
    }

    static Finding skipped(String check, String why) {
        return new Finding(check, Outcome.SKIPPED, null, why);
    }
}
