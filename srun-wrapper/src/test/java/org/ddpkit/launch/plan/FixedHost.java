package org.ddpkit.launch.plan;

import java.util.List;
import java.util.Set;

/** A {@link HostInfo} with fixed answers, for planner tests. */
public record FixedHost(String hostname, int cpuCount, List<String> gpuDevices, Set<String> resolvable, int freePort, long pid,
                        Set<Integer> listeningPorts) implements HostInfo {
    /** A host "vm" with 8 CPUs, no GPUs, where node1..node4 and vm resolve and 15000 is free. */
    public static FixedHost plain() {
        return new FixedHost("vm", 8, List.of(), Set.of("vm", "node1", "node2", "node3", "node4", "localhost"), 15000, 4242, Set.of());
    }

    public FixedHost withGpus(String... gpus) {
        return new FixedHost(hostname, cpuCount, List.of(gpus), resolvable, freePort, pid, listeningPorts);
    }

    public FixedHost withListening(Integer... ports) {
        return new FixedHost(hostname, cpuCount, gpuDevices, resolvable, freePort, pid, Set.of(ports));
    }

    @Override
    public boolean listening(int port) {
        return listeningPorts.contains(port);
    }

    @Override
    public boolean resolves(String host) {
        return resolvable.contains(host);
    }

    @Override
    public int freePortPair(long seed) {
        return freePort;
    }
}
