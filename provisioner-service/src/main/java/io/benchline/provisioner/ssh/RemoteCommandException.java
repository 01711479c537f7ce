package io.benchline.provisioner.ssh;

/**
 * A command could not run to completion on a bench host. The message names the host and what went wrong, never the
 * command line (it may carry a password).
 */
public final class RemoteCommandException extends RuntimeException {

    /** Why the command did not complete; the first three may pass on a later try, the others will not. */
    public enum Kind {
        UNREACHABLE(true),
        CONNECTION_DROPPED(true),
        TIMED_OUT(true),
        HOST_KEY_REJECTED(false),
        AUTHENTICATION_REJECTED(false),
        /** The host offers no key exchange, host-key signature, cipher or MAC this client accepts (legacy only). */
        ALGORITHMS_REFUSED(false);

        private final boolean transientFailure;

        Kind(boolean transientFailure) {
            this.transientFailure = transientFailure;
        }

        public boolean isTransient() {
            return transientFailure;
        }
    }

    private final Kind kind;
    private final String hostId;

    RemoteCommandException(Kind kind, String hostId, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.hostId = hostId;
    }

    public Kind kind() {
        return kind;
    }

    public String hostId() {
        return hostId;
    }
}
