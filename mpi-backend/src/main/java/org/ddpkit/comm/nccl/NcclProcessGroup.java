package org.ddpkit.comm.nccl;

import org.ddpkit.comm.BackendUnavailableException;
import org.ddpkit.comm.DistEnv;
import org.ddpkit.comm.GroupOptions;
import org.ddpkit.comm.ProcessGroup;

import java.util.Map;

/** Placeholder until the NCCL backend lands. */
public final class NcclProcessGroup {
    private NcclProcessGroup() {}

    public static ProcessGroup create(DistEnv env, GroupOptions options, Map<String, String> processEnv) {
        throw new BackendUnavailableException("nccl", "not built yet");
    }
}
