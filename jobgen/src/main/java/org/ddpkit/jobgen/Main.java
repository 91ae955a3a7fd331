package org.ddpkit.jobgen;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code jobgen [OPTIONS] -- COMMAND [ARGS...]}: the process edge. Reads the environment once,
 * writes UTF-8 whatever the locale, and exits with the status {@link Jobgen} returns.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        int status = new Jobgen(System.getenv(), out, err).run(List.of(args));
        out.flush();
        if (status != 0) {
            System.exit(status);
        } // else return: a normal end skips Runtime.exit's logging set-up, a little start-up time
    }
}
