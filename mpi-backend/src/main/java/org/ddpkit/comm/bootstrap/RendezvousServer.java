package org.ddpkit.comm.bootstrap;

import org.ddpkit.comm.CommException;
import org.ddpkit.comm.DistEnv;
import org.ddpkit.comm.ExitCodes;
import org.ddpkit.comm.GroupOptions;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Rank 0's server at MASTER_PORT (all interfaces): collects every rank's {@link JoinRequest},
 * rejects strays (another run, another restart, a duplicate rank), checks the node layout, sends
 * everyone the {@link PeerTable} and then keeps the connections as the control channel
 * ({@link ControlHub}). Connections that open with MPJ's {@code "Sending Info"} go to the
 * {@link NiodevPortServer} instead. Rank 0 starts it before joining it like any other rank.
 */
public final class RendezvousServer implements AutoCloseable {
    private final DistEnv env;
    private final GroupOptions options;
    private final ServerSocket server;
    private final AddressBook addresses = new AddressBook();
    private final NiodevPortServer niodev;
    private final Map<Integer, JoinedRank> joined = new TreeMap<>();
    private final long deadlineNanos;
    private ControlHub hub;
    private boolean complete;
    private volatile boolean closed;

    private final String backend;

    private RendezvousServer(DistEnv env, GroupOptions options, String backend, ServerSocket server) {
        this.env = env;
        this.backend = backend;
        this.options = options;
        this.server = server;
        this.niodev = new NiodevPortServer(env.worldSize(), addresses);
        this.deadlineNanos = System.nanoTime() + options.bootstrapTimeout().toNanos();
    }

    /** Binds MASTER_PORT and starts accepting ranks of {@code backend}; exit 78 when the port is taken. */
    public static RendezvousServer start(DistEnv env, GroupOptions options, String backend) {
        ServerSocket ss;
        try {
            ss = new ServerSocket();
            ss.setReuseAddress(true);
            ss.bind(new InetSocketAddress(env.masterPort()), 256);
        } catch (BindException e) {
            throw new CommException("MASTER_PORT " + env.masterPort() + " is in use on this host, where rank 0 must "
                    + "listen: another job or a leftover worker holds it; pick another MASTER_PORT "
                    + "(srun-wrapper --master-port)", ExitCodes.CONFIG, e);
        } catch (IOException e) {
            throw new CommException("cannot listen on MASTER_PORT " + env.masterPort() + ": " + e.getMessage(),
                    ExitCodes.UNAVAILABLE, e);
        }
        RendezvousServer s = new RendezvousServer(env, options, backend, ss);
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(s::drain));
        Thread.ofPlatform().daemon().name("ddpkit-rdzv-accept").start(s::acceptLoop);
        Thread.ofPlatform().daemon().name("ddpkit-rdzv-deadline").start(s::enforceDeadline);
        return s;
    }

    private void acceptLoop() {
        while (!closed) {
            Socket s;
            try {
                s = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            Thread.ofPlatform().daemon().name("ddpkit-rdzv-conn").start(() -> handle(s));
        }
    }

    private void handle(Socket s) {
        try {
            s.setTcpNoDelay(true);
            s.setSoTimeout(10_000);
            DataInputStream in = new DataInputStream(s.getInputStream());
            String magic = in.readUTF();
            if (magic.startsWith(NiodevPortServer.MAGIC)) {
                s.setSoTimeout(0);
                niodev.register(s, in);
            } else if (magic.equals(JoinRequest.MAGIC)) {
                JoinRequest req = JoinRequest.read(in);
                s.setSoTimeout(0);
                join(new JoinedRank(req, s, in, new DataOutputStream(s.getOutputStream())));
            } else {
                s.close(); // not ours
            }
        } catch (IOException e) {
            try {
                s.close();
            } catch (IOException ignored) {
                // nothing to free
            }
        }
    }

    private void join(JoinedRank r) throws IOException {
        JoinRequest q = r.request;
        String reject = null;
        synchronized (this) {
            if (complete) {
                reject = q.who() + " joined after all " + env.worldSize() + " ranks of run " + env.runId() + " had";
            } else if (!q.runId().equals(env.runId())) {
                reject = q.who() + " belongs to run \"" + q.runId() + "\" but rank 0 at this MASTER_PORT serves run \""
                        + env.runId() + "\" (DDPKIT_RUN_ID): a worker of another job? pick distinct MASTER_PORTs";
            } else if (q.restartCount() != env.restartCount()) {
                reject = q.who() + " has DDPKIT_RESTART_COUNT=" + q.restartCount() + " but rank 0 has "
                        + env.restartCount() + ": a worker of an earlier or later restart";
            } else if (q.worldSize() != env.worldSize()) {
                reject = q.who() + " has WORLD_SIZE=" + q.worldSize() + " but rank 0 has " + env.worldSize();
            } else if (!q.backend().equals(backend)) {
                reject = q.who() + " uses backend " + q.backend() + " but rank 0 uses " + backend;
            } else if (joined.containsKey(q.rank())) {
                reject = "RANK " + q.rank() + " joined twice: " + joined.get(q.rank()).request.who() + " and " + q.who();
            } else {
                joined.put(q.rank(), r);
                addresses.seen(q.rank(), r.socket);
                if (joined.size() == env.worldSize()) {
                    complete = true;
                    finish();
                }
            }
        }
        if (reject != null) {
            r.sendError(ExitCodes.CONFIG, reject);
            r.close();
        }
    }

    /** Called with the lock held once all have joined: check the layout, send the table, start the hub. */
    private void finish() throws IOException {
        String layoutError = NodeLayoutCheck.check(joined.values().stream().map(j -> j.request).toList());
        if (layoutError != null) {
            joined.values().forEach(j -> {
                j.sendError(ExitCodes.CONFIG, layoutError);
                j.close();
            });
            return;
        }
        List<PeerInfo> peers = new ArrayList<>();
        for (JoinedRank j : joined.values()) {
            JoinRequest q = j.request;
            peers.add(new PeerInfo(q.rank(), q.localRank(), q.groupRank(), addresses.addressOf(q.rank()), q.dataPort(),
                    q.pid(), q.host()));
        }
        PeerTable table = new PeerTable(peers);
        for (JoinedRank j : joined.values()) {
            j.sendTable(table);
        }
        hub = new ControlHub(List.copyOf(joined.values()), options.heartbeatTimeout(), env.rank());
        hub.start();
    }

    private void enforceDeadline() {
        long left;
        while (!closed && (left = deadlineNanos - System.nanoTime()) > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(Math.min(left, 200_000_000L)); // until the deadline, waking to notice close
            } catch (InterruptedException e) {
                return;
            }
        }
        synchronized (this) {
            if (closed || complete) {
                return;
            }
            List<Integer> missing = new ArrayList<>();
            for (int r = 0; r < env.worldSize(); r++) {
                if (!joined.containsKey(r)) {
                    missing.add(r);
                }
            }
            String msg = "rendezvous at " + env.masterAddr() + ":" + env.masterPort() + " timed out after "
                    + options.bootstrapTimeout().toSeconds() + " s: ranks " + missing + " of WORLD_SIZE="
                    + env.worldSize() + " never joined; check that they started and can reach MASTER_ADDR";
            joined.values().forEach(j -> {
                j.sendError(ExitCodes.TEMPORARY, msg);
                j.close();
            });
            joined.clear();
        }
    }

    /** Spreads a failure rank 0 itself found, without a round trip through its own socket. */
    void report(int culprit, String reason) {
        ControlHub h;
        synchronized (this) {
            h = hub;
        }
        if (h != null) {
            h.spreadFailure(culprit, reason, env.rank());
        }
    }

    /** Rank 0's own stall report, without a round trip through its socket. */
    void stalled(int rank, int waitingFor, String what) {
        ControlHub h;
        synchronized (this) {
            h = hub;
        }
        if (h != null) {
            h.stalled(rank, waitingFor, what);
        }
    }

    /** Shutdown hook: lets news being spread reach the other ranks before the JVM halts. */
    private void drain() {
        ControlHub h;
        synchronized (this) {
            h = hub;
        }
        if (h != null) {
            h.awaitQuiet(java.time.Duration.ofSeconds(2));
        }
    }

    /** Announces rank 0's orderly exit to everyone, then closes every connection and the port. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        ControlHub h;
        synchronized (this) {
            h = hub;
        }
        if (h != null) {
            h.shutdown(env.rank());
        }
        try {
            server.close();
        } catch (IOException ignored) {
            // closing
        }
    }

    /** For tests: the bound port. */
    int port() {
        return server.getLocalPort();
    }
}
