package org.ddpkit.testkit;

import java.util.List;

/**
 * What a finished child process left behind: its exit code and everything it wrote.
 *
 * @param command  the command line that ran
 * @param exitCode the process's exit status (128+N when killed by signal N through a shell)
 * @param stdout   everything written to standard output
 * @param stderr   everything written to standard error
 */
public record CommandResult(List<String> command, int exitCode, String stdout, String stderr) {
    public CommandResult {
        command = List.copyOf(command);
    }

    /** True when the exit code is 0. */
    public boolean ok() {
        return exitCode == 0;
    }

    /** This result when the exit code is 0, else an {@link AssertionError} that shows it. */
    public CommandResult requireOk() {
        if (!ok()) {
            throw new AssertionError("command failed: " + describe());
        }
        return this;
    }

    /** One readable block for assertion messages: command, exit code, both streams. */
    public String describe() {
        return String.join(" ", command) + "\n  exit " + exitCode
                + "\n  stdout: " + stdout.strip().replace("\n", "\n          ")
                + "\n  stderr: " + stderr.strip().replace("\n", "\n          ");
    }
}
