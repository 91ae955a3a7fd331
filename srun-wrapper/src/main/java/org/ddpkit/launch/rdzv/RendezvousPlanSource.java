package org.ddpkit.launch.rdzv;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.ddpkit.launch.config.Endpoint;
import org.ddpkit.launch.config.LaunchConfig;
import org.ddpkit.launch.config.NprocPerNode;
import org.ddpkit.launch.plan.HostInfo;
import org.ddpkit.launch.plan.LaunchMode;
import org.ddpkit.launch.plan.LaunchPlan;
import org.ddpkit.launch.plan.MasterChoice;
import org.ddpkit.launch.plan.NodeLayout;
import org.ddpkit.launch.plan.PlanSource;
import org.ddpkit.launch.plan.Planner;

/**
 * Plans of rendezvous mode: each attempt joins round {@code restartCount} of the rendezvous
 * (serving it first when the endpoint is on this machine) and builds the plan from the answer.
 * The node that becomes node 0 supplies MASTER_ADDR (its --master-addr or --local-addr, else
 * the address the server saw) and MASTER_PORT (its --master-port or MASTER_PORT, else a free
 * pair of ports it found).
 */
public final class RendezvousPlanSource implements PlanSource, AutoCloseable {
    /** DDPKIT_RUN_ID and the rendezvous name without --rdzv-id, as in torchrun. */
    public static final String DEFAULT_RUN_ID = "none";

    private final LaunchConfig config;
    private final Map<String, String> env;
    private final HostInfo host;
    private final Endpoint endpoint;
    private final String runId;
    private final int nnodes;
    private volatile Optional<RendezvousServer> server = Optional.empty();

    private RendezvousPlanSource(LaunchConfig config, Map<String, String> env, HostInfo host) {
        this.config = config;
        this.env = env;
        this.host = host;
        this.endpoint = config.rendezvous().endpoint().orElseThrow();
        this.runId = config.rendezvous().id().orElse(DEFAULT_RUN_ID);
        this.nnodes = config.rendezvous().nnodes().orElse(1);
    }

    /** The plans of rendezvous mode; nothing is served or joined until {@link #serveIfLocal()} and the first attempt. */
    public static RendezvousPlanSource create(LaunchConfig config, Map<String, String> env, HostInfo host) {
        return new RendezvousPlanSource(config, env, host);
    }

    /** Starts serving the endpoint when it is on this machine and its port is free here. */
    public void serveIfLocal() {
        server = RendezvousServer.tryStart(endpoint, runId, nnodes, config.rendezvous().timeout());
    }

    /** The plan --dry-run shows: no rendezvous, this node as --node-rank (or 0) of nodes like it. */
    public static LaunchPlan provisional(LaunchConfig config, Map<String, String> env, HostInfo host) {
        RendezvousPlanSource s = new RendezvousPlanSource(config, env, host);
        int rank = config.rendezvous().nodeRank().orElse(0);
        int nproc = s.nproc();
        List<String> nodes = Collections.nCopies(s.nnodes, "?");
        nodes = new java.util.ArrayList<>(nodes);
        nodes.set(rank, host.hostname());
        NodeLayout layout = NodeLayout.assigned(rank, nodes, Collections.nCopies(s.nnodes, nproc));
        MasterChoice master = new MasterChoice(s.candidateAddr().orElse(s.endpoint.host()), "decided at the rendezvous",
                s.candidatePort(0), "decided at the rendezvous (node 0's offer)");
        return Planner.assemble(config, env, host, LaunchMode.RENDEZVOUS, layout, master, s.runId, host.hostname(), 0, false,
                List.of("provisional: node ranks, other nodes' hosts and the master are decided when all "
                        + s.nnodes + " nodes meet at " + s.endpoint + (s.nnodes > 1 ? "; other nodes shown as ?" : "")));
    }

    /** True when this wrapper serves the rendezvous. */
    public boolean serving() {
        return server.isPresent();
    }

    @Override
    public LaunchPlan forAttempt(int restartCount) {
        JoinRequest req = new JoinRequest(runId, restartCount, nnodes, config.rendezvous().nodeRank().orElse(-1), nproc(),
                host.hostname().replaceAll("[\\s,]", "_"), candidateAddr().orElse("-"), candidatePort(restartCount), host.pid());
        JoinReply.Assigned a = RendezvousClient.join(endpoint, req, config.rendezvous().timeout());
        NodeLayout layout = NodeLayout.assigned(a.nodeRank(), a.nodes(), a.sizes());
        MasterChoice master = new MasterChoice(a.masterAddr(), "node 0 of the rendezvous at " + endpoint, a.masterPort(),
                "chosen by node 0 of the rendezvous");
        return Planner.assemble(config, env, host, LaunchMode.RENDEZVOUS, layout, master, runId, host.hostname(), restartCount,
                false, List.of());
    }

    @Override
    public void close() {
        server.ifPresent(RendezvousServer::close);
    }

    private int nproc() {
        return Planner.workersPerNode(config.nprocPerNode().orElse(NprocPerNode.of(1)), env, host);
    }

    private Optional<String> candidateAddr() {
        return Planner.explicitAddr(config, env).map(MasterChoice.Addr::addr).or(() -> config.rendezvous().localAddr());
    }

    private int candidatePort(int restartCount) {
        return Planner.explicitPort(config, env).map(MasterChoice.Port::port)
                .orElseGet(() -> host.freePortPair(host.pid() * 31 + restartCount));
    }
}
