package org.ddpkit.comm;

import java.util.Arrays;
import java.util.List;

/** The process-group implementations, chosen by name ({@code --backend cpu|mpj|nccl}). */
public enum Backend {
    /** Shared memory between ranks of a node, a pipelined TCP ring between nodes. The default. */
    CPU("cpu"),
    /** MPJ Express 0.44 (niodev), started without its daemon. */
    MPJ("mpj"),
    /** NCCL on CUDA GPUs (libnccl.so.2 through FFM, JCuda for memory and streams). */
    NCCL("nccl");

    private final String label;

    Backend(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The known names, in declaration order. */
    public static List<String> labels() {
        return Arrays.stream(values()).map(Backend::label).toList();
    }

    /** The backend called {@code name}; an unknown name fails listing the known ones (exit 64). */
    public static Backend byName(String name) {
        for (Backend b : values()) {
            if (b.label.equals(name)) {
                return b;
            }
        }
        throw new CommException("unknown backend \"" + name + "\"; known: " + String.join(", ", labels()),
                ExitCodes.USAGE);
    }
}
