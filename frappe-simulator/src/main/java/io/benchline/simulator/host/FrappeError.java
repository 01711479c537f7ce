package io.benchline.simulator.host;

/**
 * A Frappe exception raised by the simulated site: the CLI renders it as a Python traceback, the REST API
 * as Frappe's JSON error body. Messages never carry secrets because they end up in tracebacks and bodies.
 */
public final class FrappeError extends RuntimeException {

    /** Frappe exception classes the simulator raises, with the HTTP status Frappe maps them to. */
    public enum Kind {
        VALIDATION("frappe.exceptions.ValidationError", 417),
        MANDATORY("frappe.exceptions.MandatoryError", 417),
        LINK_VALIDATION("frappe.exceptions.LinkValidationError", 417),
        RATE_LIMIT_EXCEEDED("frappe.exceptions.RateLimitExceededError", 417),
        INVALID_EMAIL("frappe.exceptions.InvalidEmailAddressError", 417),
        DUPLICATE_ENTRY("frappe.exceptions.DuplicateEntryError", 409),
        AUTHENTICATION("frappe.exceptions.AuthenticationError", 401),
        PERMISSION("frappe.exceptions.PermissionError", 403),
        DOES_NOT_EXIST("frappe.exceptions.DoesNotExistError", 404),
        SESSION_STOPPED("frappe.exceptions.SessionStopped", 503);

        private final String pythonClass;
        private final int httpStatus;

        Kind(String pythonClass, int httpStatus) {
            this.pythonClass = pythonClass;
            this.httpStatus = httpStatus;
        }

        public String pythonClass() {
            return pythonClass;
        }

        /** The bare class name, as Frappe puts it in {@code exc_type}. */
        public String excType() {
            return pythonClass.substring(pythonClass.lastIndexOf('.') + 1);
        }

        public int httpStatus() {
            return httpStatus;
        }
    }

    private final Kind kind;
    private final String title;
    private final boolean messagePrinted;

    private FrappeError(Kind kind, String message, String title, boolean messagePrinted) {
        super(message);
        this.kind = kind;
        this.title = title;
        this.messagePrinted = messagePrinted;
    }

    /** Like {@code frappe.throw(message, exc, title)}: the message also goes to {@code _server_messages}. */
    public static FrappeError thrown(Kind kind, String message, String title) {
        return new FrappeError(kind, message, title, true);
    }

    /** Like {@code raise exc(message)}: no message box for the client. */
    public static FrappeError raised(Kind kind, String message) {
        return new FrappeError(kind, message, "Message", false);
    }

    public Kind kind() {
        return kind;
    }

    public String title() {
        return title;
    }

    /** Whether Frappe would have called msgprint, so the message shows up in {@code _server_messages}. */
    public boolean messagePrinted() {
        return messagePrinted;
    }

    /** The last line of a Python traceback for this error. */
    public String pythonLine() {
        return getMessage() == null || getMessage().isEmpty()
                ? kind.pythonClass()
                : kind.pythonClass() + ": " + getMessage();
    }
}
