package org.ddpkit.launch.plan;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One worker to start: its ranks, the variables the wrapper sets for it (the env contract,
 * plus CUDA_VISIBLE_DEVICES when it binds a GPU; in a fixed order) and its command.
 */
public record WorkerSpec(int rank, int localRank, Map<String, String> env, List<String> command) {
    public WorkerSpec {
        env = Collections.unmodifiableMap(new LinkedHashMap<>(env));
        command = List.copyOf(command);
    }
}
