package org.ddpkit.launch;

/** The exit codes of every ddpkit CLI (see DESIGN.md), named after sysexits.h. */
public enum ExitCode {
    OK(0),
    /** A bad flag or value. */
    USAGE(64),
    /** Bad input data (a template, a data file, a checkpoint). */
    DATA(65),
    /** A needed service or device is missing (setsid, a GPU, the rendezvous server's port). */
    UNAVAILABLE(69),
    /** A bug in the wrapper. */
    SOFTWARE(70),
    /** Temporary: try again (rendezvous timeout). */
    TEMPFAIL(75),
    /** Bad configuration: an inconsistent SLURM environment, an unresolvable master address. */
    CONFIG(78);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
