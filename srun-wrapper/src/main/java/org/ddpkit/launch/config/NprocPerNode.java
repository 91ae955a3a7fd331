package org.ddpkit.launch.config;

import org.ddpkit.launch.LaunchException;

/**
 * {@code --nproc-per-node N|gpu|cpu|auto}: how many workers this node starts. {@code gpu}
 * means one per visible GPU (an error without GPUs), {@code cpu} one per usable CPU, {@code
 * auto} one per GPU when there are GPUs, else one per CPU (as torchrun does).
 *
 * @param kind  how the count is found
 * @param count the count for {@link Kind#COUNT}, else 0
 */
public record NprocPerNode(Kind kind, int count) {
    public enum Kind { COUNT, GPU, CPU, AUTO }

    public NprocPerNode {
        if (kind == Kind.COUNT && count < 1) {
            throw LaunchException.usage("--nproc-per-node: must be ≥ 1, got \"" + count + "\"");
        }
    }

    public static NprocPerNode of(int count) {
        return new NprocPerNode(Kind.COUNT, count);
    }

    /** Parses the flag's value; exit 64 naming the flag and the value when it is none of the four forms. */
    public static NprocPerNode parse(String text) {
        switch (text) {
            case "gpu": return new NprocPerNode(Kind.GPU, 0);
            case "cpu": return new NprocPerNode(Kind.CPU, 0);
            case "auto": return new NprocPerNode(Kind.AUTO, 0);
            default:
                try {
                    return of(Integer.parseInt(text));
                } catch (NumberFormatException e) {
                    throw LaunchException.usage("--nproc-per-node: want a number ≥ 1, gpu, cpu or auto, got \"" + text + "\"");
                }
        }
    }

    @Override
    public String toString() {
        return kind == Kind.COUNT ? Integer.toString(count) : kind.name().toLowerCase(java.util.Locale.ROOT);
    }
}
