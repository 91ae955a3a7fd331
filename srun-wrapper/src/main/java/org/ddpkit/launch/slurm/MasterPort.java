package org.ddpkit.launch.slurm;

import org.ddpkit.launch.LaunchException;

/**
 * Where MASTER_PORT comes from when nobody set it. Workers use MASTER_PORT for the MPJ Express
 * bootstrap; MASTER_PORT+1 is kept for a second service of the workers (ddpkit's own CPU ring
 * listens on ephemeral ports), so every port chosen here leaves MASTER_PORT+1 free too.
 */
public final class MasterPort {
    /** MPJ Express's niodev opens its own sockets on random ports in this range: stay out. */
    public static final int MPJ_LOW = 25000;
    public static final int MPJ_HIGH = 40000;
    /** Derived ports are even numbers from here up to {@link #DERIVED_HIGH}. */
    public static final int DERIVED_LOW = 10000;
    /** The highest derived port; its +1 (24999) is still below MPJ's range. */
    public static final int DERIVED_HIGH = 24998;
    /** Number of (port, port+1) pairs in the derived range. */
    public static final int SLOTS = (DERIVED_HIGH - DERIVED_LOW) / 2 + 1;
    /** Steps of one job that get distinct ports (more wrap around). */
    public static final int STEPS_PER_JOB = 8;

    private MasterPort() {}

    /**
     * The port every task of a SLURM step computes alike, without talking:
     * {@code 10000 + 2 * ((jobId * 8 + stepId mod 8) mod 7500)}. It is even, so the pair
     * (port, port+1) of one step never overlaps another's; jobs whose ids differ by less than
     * 937 (so any two jobs likely to share a node at the same time) never collide, nor do the
     * first 8 steps of one job. The whole range, 10000–24999, lies below both MPJ's 25000–40000
     * and Linux's ephemeral ports (32768–60999 by default).
     */
    public static int derive(long jobId, long stepId) {
        long slot = Math.floorMod(jobId * STEPS_PER_JOB + Math.floorMod(stepId, STEPS_PER_JOB), SLOTS);
        return DERIVED_LOW + 2 * (int) slot;
    }

    /**
     * The first port of an {@code srun --resv-ports} list such as {@code 12000-12003} or
     * {@code 12000,12005}; exit 78 naming the variable when it is not one.
     */
    public static int firstReserved(SlurmField.Value ports) {
        String first = ports.value().split("[,-]", 2)[0].trim();
        try {
            return check(Integer.parseInt(first), ports.variable(), ports.value());
        } catch (NumberFormatException e) {
            throw LaunchException.config(ports.variable() + "=\"" + ports.value() + "\" is not a port list");
        }
    }

    /** A port usable as MASTER_PORT: 1–65534, so that MASTER_PORT+1 exists. */
    public static int check(int port, String source, String text) {
        if (port < 1 || port > 65534) {
            throw LaunchException.config(source + ": \"" + text + "\" is not a port in 1–65534 (MASTER_PORT+1 must be a port too)");
        }
        return port;
    }

    /** True when {@code port} or {@code port+1} lies in MPJ Express's range. */
    public static boolean clashesWithMpj(int port) {
        return port + 1 >= MPJ_LOW && port <= MPJ_HIGH;
    }
}
