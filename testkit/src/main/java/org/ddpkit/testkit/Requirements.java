package org.ddpkit.testkit;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The project's skip policy: a test whose requirement is missing is skipped with the reason
 * printed, except under CI (env {@code CI} set), where the requirement must be met and the
 * test fails instead.
 */
public final class Requirements {
    private Requirements() {}

    /** True when running under CI ({@code CI} is set and not "false"). */
    public static boolean underCi() {
        String ci = System.getenv("CI");
        return ci != null && !ci.isEmpty() && !ci.equalsIgnoreCase("false");
    }

    /**
     * Skips (printing why) or, under CI, fails the calling test when {@code met} is false.
     * Use for requirements CI always has: root, the local SLURM cluster, Debian packages.
     */
    public static void require(boolean met, String what) {
        if (met) {
            return;
        }
        if (underCi()) {
            Assertions.fail("CI is set, so this test must run, but: " + what);
        }
        skip(what);
    }

    /** Skips the calling test, printing the reason, even under CI (e.g. no GPU on this machine). */
    public static void skip(String why) {
        System.err.println("SKIPPED: " + why);
        System.out.println("SKIPPED: " + why);
        Assumptions.abort(why);
    }

    /** True when this process runs as root (uid 0). */
    public static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }
}
