package org.ddpkit.launch.config;

import org.ddpkit.launch.LaunchException;

/** What goes before each line of worker output on the console ({@code --prefix}). */
public enum LinePrefix {
    /** {@code [rank 3]: } (the default). */
    RANK,
    /** torchrun's {@code [default1]:}: role name and local rank. */
    TORCHRUN,
    /** Nothing: lines pass unchanged ({@code --no-prefix}). */
    NONE;

    /** The prefix of a line from the worker with these ranks. */
    public String of(String role, int rank, int localRank) {
        return switch (this) {
            case RANK -> "[rank " + rank + "]: ";
            case TORCHRUN -> "[" + role + localRank + "]:";
            case NONE -> "";
        };
    }

    public static LinePrefix parse(String text) {
        return switch (text) {
            case "rank" -> RANK;
            case "torchrun" -> TORCHRUN;
            case "none" -> NONE;
            default -> throw LaunchException.usage("--prefix: want rank, torchrun or none, got \"" + text + "\"");
        };
    }
}
