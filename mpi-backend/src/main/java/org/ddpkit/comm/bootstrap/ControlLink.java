package org.ddpkit.comm.bootstrap;

import org.ddpkit.comm.CollectiveTimeoutException;
import org.ddpkit.comm.CommException;
import org.ddpkit.comm.DistEnv;
import org.ddpkit.comm.ExitCodes;
import org.ddpkit.comm.GroupOptions;
import org.ddpkit.comm.PeerFailureException;
import org.ddpkit.comm.core.GroupHealth;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.concurrent.TimeUnit;

/**
 * A rank's connection to rank 0's {@link RendezvousServer}: joining (retried until the server is
 * up or the bootstrap timeout passes), then the control channel. News of a failed rank fails
 * this rank's {@link GroupHealth}; a failure this rank finds itself is reported to rank 0, which
 * spreads it. A shutdown hook says goodbye when the JVM exits without closing the group.
 */
public final class ControlLink implements AutoCloseable {
    private final DistEnv env;
    private final GroupHealth health;
    private final GroupOptions options;
    private final Socket socket;
    private final DataInputStream in;
    private final DataOutputStream out;
    private final PeerTable table;
    private final Thread shutdownHook;
    private volatile CommException delivered;
    private volatile RendezvousServer localServer;
    private volatile boolean closing;
    private volatile boolean rankZeroLeft;

    private ControlLink(DistEnv env, GroupHealth health, GroupOptions options, Socket socket, DataInputStream in,
                        DataOutputStream out, PeerTable table) {
        this.env = env;
        this.health = health;
        this.options = options;
        this.socket = socket;
        this.in = in;
        this.out = out;
        this.table = table;
        this.shutdownHook = Thread.ofPlatform().unstarted(this::sayGoodbye);
    }

    /**
     * Joins the world at MASTER_ADDR:MASTER_PORT announcing {@code dataPort} and {@code backend};
     * returns once every rank has joined. Exit 75 on timeout, 78 when rank 0 rejects this rank.
     */
    public static ControlLink join(DistEnv env, GroupOptions options, int dataPort, String backend, GroupHealth health) {
        long deadline = System.nanoTime() + options.bootstrapTimeout().toNanos() + TimeUnit.SECONDS.toNanos(2);
        String where = env.masterAddr() + ":" + env.masterPort();
        Socket s = connect(env, deadline, where);
        try {
            s.setTcpNoDelay(true);
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            DataInputStream in = new DataInputStream(s.getInputStream());
            JoinRequest.of(env, dataPort, backend).write(out);
            s.setSoTimeout((int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            String answer = in.readUTF();
            if (answer.equals(Control.ERR)) {
                int code = in.readInt();
                String msg = in.readUTF();
                s.close();
                throw new CommException("rank " + env.rank() + ": rendezvous failed: " + msg, code);
            }
            PeerTable table = PeerTable.read(in);
            s.setSoTimeout((int) Math.min(Integer.MAX_VALUE, options.heartbeatTimeout().toMillis()));
            ControlLink link = new ControlLink(env, health, options, s, in, out, table);
            link.start();
            return link;
        } catch (SocketTimeoutException e) {
            close(s);
            throw new CommException("rank " + env.rank() + ": rendezvous at " + where + " timed out after "
                    + options.bootstrapTimeout().toSeconds() + " s: not every rank of WORLD_SIZE=" + env.worldSize()
                    + " joined", ExitCodes.TEMPORARY, e);
        } catch (IOException e) {
            close(s);
            throw new CommException("rank " + env.rank() + ": rendezvous at " + where + " failed: " + e.getMessage()
                    + " (did rank 0 exit?)", ExitCodes.TEMPORARY, e);
        }
    }

    /** Connects, retrying with back-off while nobody listens yet (rank 0 may start later than us). */
    private static Socket connect(DistEnv env, long deadline, String where) {
        long backoffMs = 20;
        IOException last = null;
        while (System.nanoTime() < deadline) {
            Socket s = new Socket();
            try {
                InetSocketAddress addr = new InetSocketAddress(env.masterAddr(), env.masterPort());
                if (addr.isUnresolved()) {
                    throw new UnknownHostException(env.masterAddr());
                }
                s.connect(addr, 2000);
                return s;
            } catch (UnknownHostException e) {
                close(s);
                throw new CommException("MASTER_ADDR: cannot resolve \"" + env.masterAddr() + "\" on this host",
                        ExitCodes.CONFIG, e);
            } catch (IOException e) {
                close(s);
                last = e;
            }
            try {
                Thread.sleep(backoffMs); // retry back-off while rank 0's server is not up yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CommException("interrupted while joining at " + where, ExitCodes.INTERNAL, e);
            }
            backoffMs = Math.min(500, backoffMs * 2);
        }
        throw new CommException("rank " + env.rank() + ": nobody answered at MASTER_ADDR:MASTER_PORT = " + where
                + " within the bootstrap timeout; is rank 0 running there? (last error: "
                + (last == null ? "none" : last.getMessage()) + ")", ExitCodes.TEMPORARY, last);
    }

    private void start() {
        Thread.ofPlatform().daemon().name("ddpkit-control-r" + env.rank()).start(this::read);
        Thread.ofPlatform().daemon().name("ddpkit-heartbeat-r" + env.rank()).start(this::beat);
        health.onAbort(this::report);
        health.stallReporter(this::reportStall);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** On rank 0: report failures straight to the server in this process. */
    void useLocalServer(RendezvousServer server) {
        this.localServer = server;
    }

    /** Every rank, as rank 0 saw them. */
    public PeerTable table() {
        return table;
    }

    private void read() {
        try {
            while (true) {
                byte tag = in.readByte();
                switch (tag) {
                    case Control.HEARTBEAT -> { }
                    case Control.LEFT -> {
                        int r = in.readInt();
                        if (r == 0) {
                            rankZeroLeft = true;
                        }
                        health.departed(r);
                    }
                    case Control.FAILED -> {
                        int r = in.readInt();
                        String reason = in.readUTF();
                        CommException e = r == Control.NOBODY
                                ? new CollectiveTimeoutException(-1, options.timeout(), reason)
                                : new PeerFailureException(r, reason);
                        delivered = e;
                        health.fail(e);
                    }
                    default -> throw new IOException("unknown control message " + tag);
                }
            }
        } catch (SocketTimeoutException e) {
            if (!closing && !rankZeroLeft) {
                lost("sent no heartbeat for " + options.heartbeatTimeout().toSeconds() + " s: its host may be down");
            }
        } catch (EOFException e) {
            if (!closing && !rankZeroLeft) {
                lost("exited or was killed (its control connection closed)");
            }
        } catch (IOException e) {
            if (!closing && !rankZeroLeft) {
                lost("is unreachable: " + e.getMessage());
            }
        }
    }

    private void lost(String why) {
        PeerInfo zero = table.peer(0);
        PeerFailureException e = new PeerFailureException(0, zero.who() + " " + why);
        delivered = e;
        health.fail(e);
    }

    private void beat() {
        long every = Control.heartbeatIntervalMillis(options.heartbeatTimeout());
        while (!closing) {
            try {
                synchronized (out) {
                    out.writeByte(Control.HEARTBEAT);
                    out.flush();
                }
                Thread.sleep(every); // the heartbeat period, not a wait for a condition
            } catch (IOException e) {
                return; // the reader reports it
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Abort hook: tells rank 0 about a failure this rank found, so every rank stops waiting. */
    private void report() {
        CommException f = health.failure();
        if (f == null || f == delivered || closing) {
            return;
        }
        int culprit = switch (f) {
            case PeerFailureException p -> p.peerRank();
            case CollectiveTimeoutException t when t.waitingFor() >= 0 -> t.waitingFor();
            default -> env.rank();
        };
        String reason = truncate(f instanceof PeerFailureException p ? p.detail() + " (seen by rank " + env.rank() + ")"
                : "rank " + env.rank() + " reports: " + f.getMessage());
        RendezvousServer local = localServer;
        if (local != null) {
            local.report(culprit, reason);
            return;
        }
        try {
            synchronized (out) {
                out.writeByte(Control.FAILED);
                out.writeInt(culprit);
                out.writeUTF(reason);
                out.flush();
            }
        } catch (IOException ignored) {
            // rank 0 is gone: the others see that themselves
        }
    }

    /** Tells rank 0 that a collective outlived the timeout here, waiting for {@code waitingFor}. */
    private void reportStall(int waitingFor, String what) {
        RendezvousServer local = localServer;
        if (local != null) {
            local.stalled(env.rank(), waitingFor, what);
            return;
        }
        try {
            synchronized (out) {
                out.writeByte(Control.STALLED);
                out.writeInt(waitingFor);
                out.writeUTF(truncate(what));
                out.flush();
            }
        } catch (IOException ignored) {
            // rank 0 is gone: this rank fails on its own timeout
        }
    }

    private void sayGoodbye() {
        if (closing) {
            return;
        }
        closing = true;
        try {
            synchronized (out) {
                out.writeByte(Control.BYE);
                out.flush();
            }
        } catch (IOException ignored) {
            // rank 0 is gone
        }
    }

    /** Says goodbye (the others learn this rank left orderly) and closes the connection. */
    @Override
    public void close() {
        sayGoodbye();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException ignored) {
            // the JVM is already shutting down
        }
        close(socket);
    }

    private static String truncate(String s) {
        return s.length() > 8000 ? s.substring(0, 8000) + "…" : s;
    }

    private static void close(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing
        }
    }
}
