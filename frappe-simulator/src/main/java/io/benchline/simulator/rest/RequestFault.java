package io.benchline.simulator.rest;

import java.time.Duration;

/** What an injected fault does to one HTTP request. */
public record RequestFault(Kind kind, int status, Duration delay) {

    public enum Kind {
        NONE,
        /** Answer with {@code status} from the proxy in front of Frappe. */
        FAIL,
        /** Answer normally after {@code delay}. */
        DELAY,
        /** Never answer; the connection stays open until the simulator closes. */
        HANG
    }

    public static final RequestFault NONE = new RequestFault(Kind.NONE, 0, Duration.ZERO);
}
