package org.ddpkit.jobgen.spec;

/**
 * A flag value or a combination of flags that jobgen refuses (exit 64). The message is one
 * line that names the flag and quotes the value, and where possible says what to do instead.
 */
public final class InvalidSpecException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String flag;

    /** {@code FLAG: MESSAGE}. */
    public InvalidSpecException(String flag, String message) {
        this(flag, flag + ": " + message, true);
    }

    private InvalidSpecException(String flag, String fullMessage, boolean unused) {
        super(fullMessage);
        this.flag = flag;
    }

    /** A problem with the command line as a whole rather than with one flag's value. */
    public static InvalidSpecException commandLine(String message) {
        return new InvalidSpecException("", message, true);
    }

    /** {@code FLAG: "VALUE" REASON}. */
    public static InvalidSpecException badValue(String flag, String value, String reason) {
        return new InvalidSpecException(flag, quote(value) + " " + reason);
    }

    /** The flag the message is about, e.g. {@code --time}; empty for {@link #commandLine}. */
    public String flag() {
        return flag;
    }

    /**
     * {@code value} in double quotes, escaped so that the message stays on one line and shows
     * exactly what was given (backslash, quote and control characters escaped).
     */
    public static String quote(String value) {
        return CEscapes.quoted(value, '"');
    }
}
