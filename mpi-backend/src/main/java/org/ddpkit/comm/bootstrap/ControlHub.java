package org.ddpkit.comm.bootstrap;

import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Rank 0's side of the control channel once everyone has joined: one reader thread per rank
 * and a heartbeat thread. A rank whose connection closes without a goodbye, or that stays
 * silent past the heartbeat timeout, is announced to every other rank as failed; a rank that
 * reports a failure has it spread; an orderly goodbye is announced as "left".
 */
final class ControlHub {
    private final List<JoinedRank> ranks;
    private final Duration heartbeatTimeout;
    private final int hostRank;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final StallJudge judge = new StallJudge(this);
    private volatile boolean closed;

    /** {@code hostRank}: the rank whose process runs this hub (rank 0); it is told last. */
    ControlHub(List<JoinedRank> ranks, Duration heartbeatTimeout, int hostRank) {
        this.ranks = ranks;
        this.heartbeatTimeout = heartbeatTimeout;
        this.hostRank = hostRank;
    }

    void start() throws IOException {
        for (JoinedRank r : ranks) {
            r.socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, heartbeatTimeout.toMillis()));
            Thread.ofPlatform().daemon().name("ddpkit-rdzv-r" + r.request.rank()).start(() -> read(r));
        }
        Thread.ofPlatform().daemon().name("ddpkit-rdzv-heartbeat").start(this::beat);
    }

    private void read(JoinedRank r) {
        int rank = r.request.rank();
        try {
            while (!closed) {
                byte tag = r.in.readByte();
                switch (tag) {
                    case Control.HEARTBEAT -> { }
                    case Control.BYE -> {
                        r.left = true;
                        spreadLeft(rank);
                        return;
                    }
                    case Control.FAILED -> spreadFailure(r.in.readInt(), r.in.readUTF(), rank);
                    case Control.STALLED -> stalled(rank, r.in.readInt(), r.in.readUTF());
                    default -> throw new IOException("unknown control message " + tag);
                }
            }
        } catch (SocketTimeoutException e) {
            if (!closed && !r.left) {
                spreadFailure(rank, r.request.who() + " sent no heartbeat for " + heartbeatTimeout.toSeconds()
                        + " s: its host may be down or its network cut", -1);
            }
            r.close();
        } catch (EOFException e) {
            if (!closed && !r.left) {
                spreadFailure(rank, r.request.who() + " exited or was killed (its control connection to rank 0 closed)", -1);
            }
        } catch (IOException e) {
            if (!closed && !r.left) {
                spreadFailure(rank, r.request.who() + " lost its control connection to rank 0: " + e.getMessage(), -1);
            }
        }
    }

    /**
     * Tells every rank but {@code except} that {@code failed} failed; the hub's own rank last,
     * since it may exit as soon as it knows, taking this hub with it.
     */
    void spreadFailure(int failed, String reason, int except) {
        inFlight.incrementAndGet();
        try {
            for (JoinedRank r : hostLast()) {
                if (r.request.rank() != except && (r.request.rank() != failed || failed == Control.NOBODY) && !r.left) {
                    try {
                        r.failed(failed, reason);
                    } catch (IOException ignored) {
                        // its own reader reports it
                    }
                }
            }
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private void spreadLeft(int rank) {
        inFlight.incrementAndGet();
        try {
            for (JoinedRank r : hostLast()) {
                if (r.request.rank() != rank && !r.left) {
                    try {
                        r.left(rank);
                    } catch (IOException ignored) {
                        // its own reader reports it
                    }
                }
            }
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private List<JoinedRank> hostLast() {
        return java.util.stream.Stream.concat(ranks.stream().filter(r -> r.request.rank() != hostRank),
                ranks.stream().filter(r -> r.request.rank() == hostRank)).toList();
    }

    /** A rank's collective outlived the timeout; the judge names the culprit a moment later. */
    void stalled(int rank, int waitingFor, String what) {
        judge.stalled(rank, waitingFor, what);
    }

    /** The ranks still in the group: not left. */
    List<Integer> present() {
        return ranks.stream().filter(r -> !r.left).map(r -> r.request.rank()).toList();
    }

    /** Waits (bounded) until no news is being sent, so a JVM that exits does not cut it short. */
    void awaitQuiet(Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
            Thread.yield();
        }
    }

    private void beat() {
        long every = Control.heartbeatIntervalMillis(heartbeatTimeout);
        while (!closed) {
            for (JoinedRank r : ranks) {
                if (!r.left) {
                    try {
                        r.heartbeat();
                    } catch (IOException ignored) {
                        // its reader notices
                    }
                }
            }
            try {
                Thread.sleep(every); // the heartbeat period, not a wait for a condition
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /**
     * Tells every other rank that {@code rank} (rank 0, whose process hosts this hub) leaves,
     * before the connections close, so they take the end of the stream as orderly.
     */
    void shutdown(int rank) {
        spreadLeft(rank);
        closed = true;
        ranks.forEach(JoinedRank::close);
    }
}
