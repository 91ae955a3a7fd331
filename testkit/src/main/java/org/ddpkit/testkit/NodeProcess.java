package org.ddpkit.testkit;

/**
 * A live process found by {@link LocalSlurm#processes(String)}.
 *
 * @param pid         its process id (the nodes share this machine's process table)
 * @param node        the node it runs on ({@code node1}, {@code node2}), or {@code host} when it
 *                    runs outside the cluster's network namespaces (e.g. an srun client)
 * @param commandLine its arguments, joined by spaces
 */
public record NodeProcess(long pid, String node, String commandLine) {
    @Override
    public String toString() {
        return pid + "@" + node + ": " + commandLine;
    }
}
