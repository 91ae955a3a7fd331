package org.ddpkit.comm;

/** A missing or inconsistent env-contract variable; carries the variable and its value. Exit 78. */
public final class DistEnvException extends CommException {
    private final String variable;
    private final String value;

    public DistEnvException(String variable, String value, String message) {
        super(message, ExitCodes.CONFIG);
        this.variable = variable;
        this.value = value;
    }

    static DistEnvException bad(String variable, int value, String rule) {
        return new DistEnvException(variable, Integer.toString(value),
                variable + ": " + rule + ", got \"" + value + "\"");
    }

    /** The variable's name, e.g. {@code RANK}. */
    public String variable() {
        return variable;
    }

    /** Its value as found, or null when unset. */
    public String value() {
        return value;
    }
}
