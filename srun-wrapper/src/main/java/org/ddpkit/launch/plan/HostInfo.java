package org.ddpkit.launch.plan;

import java.util.List;

/** Facts about this machine that the planner needs; tests pass fixed values. */
public interface HostInfo {
    /** This machine's host name. */
    String hostname();

    /** CPUs this process may use. */
    int cpuCount();

    /** GPU indices found without CUDA_VISIBLE_DEVICES (from /dev/nvidiaN), in order. */
    List<String> gpuDevices();

    /** True when {@code host} resolves to an address here. */
    boolean resolves(String host);

    /**
     * A port p such that p and p+1 are both free here, searched in the derived range of
     * {@link org.ddpkit.launch.slurm.MasterPort} starting at a place chosen by {@code seed}.
     */
    int freePortPair(long seed);

    /** True when a socket on this machine (this network namespace) listens on TCP {@code port}. */
    boolean listening(int port);

    /** This process's id. */
    long pid();
}
