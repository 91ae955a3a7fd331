package org.ddpkit.comm.mpj;

import org.ddpkit.comm.BackendUnavailableException;
import org.ddpkit.comm.DistEnv;
import org.ddpkit.comm.GroupOptions;
import org.ddpkit.comm.ProcessGroup;

/** Placeholder until the MPJ backend lands. */
public final class MpjProcessGroup {
    private MpjProcessGroup() {}

    public static ProcessGroup create(DistEnv env, GroupOptions options) {
        throw new BackendUnavailableException("mpj", "not built yet");
    }
}
