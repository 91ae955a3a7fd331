package org.ddpkit.comm;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How all-reduce combines the ranks' values. AVG is SUM divided once by the world size. */
public enum ReduceOp {
    SUM, AVG, MAX, MIN;

    /** The lower-case name used on command lines ({@code sum}, {@code avg}, …). */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a label, case-insensitively; the message lists the valid ones. */
    public static ReduceOp byLabel(String label) {
        for (ReduceOp op : values()) {
            if (op.label().equalsIgnoreCase(label)) {
                return op;
            }
        }
        throw new IllegalArgumentException("unknown reduce op \"" + label + "\"; known: "
                + Arrays.stream(values()).map(ReduceOp::label).collect(Collectors.joining(", ")));
    }
}
