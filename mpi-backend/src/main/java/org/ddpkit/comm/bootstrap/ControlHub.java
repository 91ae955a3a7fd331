package org.ddpkit.comm.bootstrap;

import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;

/**
 * Rank 0's side of the control channel once everyone has joined: one reader thread per rank
 * and a heartbeat thread. A rank whose connection closes without a goodbye, or that stays
 * silent past the heartbeat timeout, is announced to every other rank as failed; a rank that
 * reports a failure has it spread; an orderly goodbye is announced as "left".
 */
final class ControlHub {
    private final List<JoinedRank> ranks;
    private final Duration heartbeatTimeout;
    private volatile boolean closed;

    ControlHub(List<JoinedRank> ranks, Duration heartbeatTimeout) {
        this.ranks = ranks;
        this.heartbeatTimeout = heartbeatTimeout;
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

    /** Tells every rank but {@code except} that {@code failed} failed. */
    private void spreadFailure(int failed, String reason, int except) {
        for (JoinedRank r : ranks) {
            if (r.request.rank() != except && r.request.rank() != failed && !r.left) {
                try {
                    r.failed(failed, reason);
                } catch (IOException ignored) {
                    // its own reader reports it
                }
            }
        }
    }

    private void spreadLeft(int rank) {
        for (JoinedRank r : ranks) {
            if (r.request.rank() != rank && !r.left) {
                try {
                    r.left(rank);
                } catch (IOException ignored) {
                    // its own reader reports it
                }
            }
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
