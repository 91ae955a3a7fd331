package org.ddpkit.comm.cpu;

import org.ddpkit.comm.CommException;
import org.ddpkit.comm.ExitCodes;
import org.ddpkit.comm.PeerFailureException;
import org.ddpkit.comm.core.Deadline;
import org.ddpkit.comm.core.GroupHealth;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;

/**
 * Moves bytes over non-blocking channels from the communication thread: send and receive at
 * once (so two ranks sending to each other never deadlock), waiting in the selector when
 * neither can move. Only a wait that makes no progress looks at the group's health and the
 * deadline, so data already on its way is still delivered after another rank fails.
 */
final class ChannelPump {
    /** How long one selector wait lasts before health and deadline are checked again. */
    static final long POLL_MILLIS = 50;

    private final Selector selector;
    private final GroupHealth health;

    ChannelPump(Selector selector, GroupHealth health) {
        this.selector = selector;
        this.health = health;
    }

    /** Sends {@code out} (null: nothing) to sendPeer while filling {@code in} (null: nothing) from recvPeer. */
    void exchange(SelectionKey outKey, int sendPeer, ByteBuffer out, SelectionKey inKey, int recvPeer, ByteBuffer in,
                  Deadline d, String what) {
        while ((out != null && out.hasRemaining()) || (in != null && in.hasRemaining())) {
            boolean progress = false;
            boolean wantWrite = false;
            if (out != null && out.hasRemaining()) {
                progress = write(outKey, sendPeer, out, what) > 0;
                wantWrite = out.hasRemaining();
            }
            boolean wantRead = false;
            if (in != null && in.hasRemaining()) {
                progress |= read(inKey, recvPeer, in, what) > 0;
                wantRead = in.hasRemaining();
            }
            if (!progress && (wantRead || wantWrite)) {
                await(wantWrite ? outKey : null, wantRead ? inKey : null, wantRead ? recvPeer : sendPeer, d, what);
            }
        }
    }

    /** A non-blocking write; a broken connection is that peer's failure. */
    int write(SelectionKey key, int peer, ByteBuffer buf, String what) {
        try {
            return ((SocketChannel) key.channel()).write(buf);
        } catch (IOException e) {
            health.check();
            throw new PeerFailureException(peer, "it stopped receiving during " + what
                    + " (" + e.getMessage() + "): it exited or was killed", e);
        }
    }

    /** A non-blocking read; end of stream before the data is that peer's failure. */
    int read(SelectionKey key, int peer, ByteBuffer buf, String what) {
        int n;
        try {
            n = ((SocketChannel) key.channel()).read(buf);
        } catch (IOException e) {
            health.check();
            throw new PeerFailureException(peer, "its connection broke during " + what
                    + " (" + e.getMessage() + "): it exited or was killed", e);
        }
        if (n < 0) {
            health.check();
            throw new PeerFailureException(peer, "it closed its connection in the middle of " + what
                    + ": it exited or was killed");
        }
        return n;
    }

    /**
     * Waits until {@code writable} can take bytes or {@code readable} has some (either may be
     * null), at most {@link #POLL_MILLIS}; then, if nothing came, checks health and deadline.
     */
    void await(SelectionKey writable, SelectionKey readable, int waitingFor, Deadline d, String what) {
        if (writable != null) {
            writable.interestOps(SelectionKey.OP_WRITE);
        }
        if (readable != null) {
            readable.interestOps(SelectionKey.OP_READ);
        }
        int ready;
        try {
            ready = selector.select(POLL_MILLIS);
        } catch (IOException e) {
            throw new CommException("selector failed: " + e.getMessage(), ExitCodes.INTERNAL, e);
        }
        selector.selectedKeys().clear();
        if (writable != null && writable.isValid()) {
            writable.interestOps(0);
        }
        if (readable != null && readable.isValid()) {
            readable.interestOps(0);
        }
        if (Thread.currentThread().isInterrupted()) {
            throw new CommException(what + " interrupted (the group is closing)", ExitCodes.INTERNAL);
        }
        if (ready == 0) {
            health.checkPeer(waitingFor);
            if (d.expired()) {
                health.stalled(waitingFor, d, what);
            }
        }
    }
}
