package org.ddpkit.comm;

import org.ddpkit.comm.cpu.CpuProcessGroup;
import org.ddpkit.comm.mpj.MpjProcessGroup;
import org.ddpkit.comm.nccl.NcclProcessGroup;

import java.util.Map;

/**
 * The one call a worker makes to join its job:
 * {@code ProcessGroups.init(DistEnv.fromEnv(System.getenv()), "cpu", GroupOptions.defaults())}.
 * Rank 0 opens the bootstrap server at MASTER_ADDR:MASTER_PORT; every rank joins it (retrying
 * until it is up, at most {@link GroupOptions#bootstrapTimeout()}) and gets a working world.
 */
public final class ProcessGroups {
    private ProcessGroups() {}

    /** Joins the world with the backend named {@code backend} ({@code cpu}, {@code mpj}, {@code nccl}). */
    public static ProcessGroup init(DistEnv env, String backend, GroupOptions options) {
        return init(env, Backend.byName(backend), options);
    }

    public static ProcessGroup init(DistEnv env, Backend backend, GroupOptions options) {
        return switch (backend) {
            case CPU -> CpuProcessGroup.create(env, options);
            case MPJ -> MpjProcessGroup.create(env, options);
            case NCCL -> NcclProcessGroup.create(env, options, Map.of());
        };
    }

    /**
     * Like {@link #init(DistEnv, String, GroupOptions)} with the process environment passed in,
     * which the nccl backend reads for {@code NCCL_LIBRARY}.
     */
    public static ProcessGroup init(DistEnv env, String backend, GroupOptions options, Map<String, String> processEnv) {
        Backend b = Backend.byName(backend);
        return b == Backend.NCCL ? NcclProcessGroup.create(env, options, processEnv) : init(env, b, options);
    }
}
