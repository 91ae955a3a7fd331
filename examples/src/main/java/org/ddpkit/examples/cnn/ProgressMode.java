package org.ddpkit.examples.cnn;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** How rank 0 shows training progress ({@code --progress}). */
public enum ProgressMode {
    /** A bar on a terminal, plain lines otherwise (batch logs, srun-wrapper's pipes). */
    AUTO,
    /** A bar redrawn in place on standard error, with rate and ETA. */
    BAR,
    /** A plain line every few seconds on standard error, with rate and ETA. */
    LINES,
    /** Nothing beyond the PyTorch example's lines. */
    NONE;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static List<String> labels() {
        return Arrays.stream(values()).map(ProgressMode::label).toList();
    }

    /** AUTO resolved: BAR when {@code terminal}, else LINES; others as they are. */
    public ProgressMode resolve(boolean terminal) {
        return this == AUTO ? (terminal ? BAR : LINES) : this;
    }
}
