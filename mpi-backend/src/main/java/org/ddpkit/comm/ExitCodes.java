package org.ddpkit.comm;

/** The exit codes of DESIGN.md that this module's failures map to (sysexits.h numbers). */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int USAGE = 64;
    public static final int DATA = 65;
    public static final int UNAVAILABLE = 69;
    public static final int INTERNAL = 70;
    public static final int TEMPORARY = 75;
    public static final int CONFIG = 78;

    private ExitCodes() {}
}
