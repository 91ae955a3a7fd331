package org.ddpkit.launch.config;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

import org.ddpkit.launch.LaunchException;

/**
 * Flags for several machines without SLURM, as torchrun names them.
 *
 * @param nnodes    {@code --nnodes}: nodes in the job
 * @param nodeRank  {@code --node-rank}: this node's index, else the rendezvous assigns one
 * @param endpoint  {@code --rdzv-endpoint}: where the rendezvous server listens
 * @param id        {@code --rdzv-id}: the job's name shared by all nodes (DDPKIT_RUN_ID)
 * @param timeout   {@code --rdzv-timeout}: how long to wait for all nodes
 * @param localAddr {@code --local-addr}: the address other nodes reach this one at
 */
public record RendezvousOptions(OptionalInt nnodes, OptionalInt nodeRank, Optional<Endpoint> endpoint,
                                Optional<String> id, Duration timeout, Optional<String> localAddr) {
    /** torchrun's default join timeout. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(900);

    public RendezvousOptions {
        if (nnodes.isPresent() && nnodes.getAsInt() < 1) {
            throw LaunchException.usage("--nnodes: must be ≥ 1, got \"" + nnodes.getAsInt() + "\"");
        }
        if (nodeRank.isPresent() && nodeRank.getAsInt() < 0) {
            throw LaunchException.usage("--node-rank: must be ≥ 0, got \"" + nodeRank.getAsInt() + "\"");
        }
        if (nodeRank.isPresent() && nnodes.isPresent() && nodeRank.getAsInt() >= nnodes.getAsInt()) {
            throw LaunchException.usage("--node-rank: must be below --nnodes " + nnodes.getAsInt() + ", got \"" + nodeRank.getAsInt() + "\"");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw LaunchException.usage("--rdzv-timeout: must be > 0 seconds, got \"" + timeout.toMillis() / 1000.0 + "\"");
        }
        if (id.isPresent() && (id.get().isBlank() || LaunchConfig.hasBlank(id.get()))) {
            throw LaunchException.usage("--rdzv-id: must be a word without blanks, got \"" + id.get() + "\"");
        }
    }

    public static RendezvousOptions none() {
        return new RendezvousOptions(OptionalInt.empty(), OptionalInt.empty(), Optional.empty(), Optional.empty(),
                DEFAULT_TIMEOUT, Optional.empty());
    }

    /** True when the flags ask for a multi-node rendezvous. */
    public boolean requested() {
        return endpoint.isPresent() || (nnodes.isPresent() && nnodes.getAsInt() > 1);
    }
}
