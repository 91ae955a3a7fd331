package org.ddpkit.comm.cpu;

import org.ddpkit.comm.CommException;
import org.ddpkit.comm.ExitCodes;
import org.ddpkit.comm.PeerFailureException;
import org.ddpkit.comm.bootstrap.PeerInfo;
import org.ddpkit.comm.bootstrap.PeerTable;
import org.ddpkit.comm.core.Deadline;
import org.ddpkit.comm.core.GroupHealth;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One-way TCP channels between ranks, opened on first use: rank a sends to rank b only over the
 * connection a opened to b's data port, and receives from b only over the one b opened to a,
 * so two ranks never race to open the same connection. Every channel is non-blocking and
 * registered with one {@link Selector}, used only from the communication thread.
 */
final class PeerChannels implements AutoCloseable {
    private static final int HELLO = 0xDD9C_0001;

    private final int rank;
    private final int restartCount;
    private final ServerSocketChannel listener;
    private final GroupHealth health;
    private final Selector selector;
    private final Map<Integer, CompletableFuture<SocketChannel>> incoming = new ConcurrentHashMap<>();
    private final Map<Integer, SelectionKey> inKeys = new ConcurrentHashMap<>();
    private final Map<Integer, SelectionKey> outKeys = new ConcurrentHashMap<>();
    private PeerTable table;
    private volatile boolean closed;

    PeerChannels(int rank, int restartCount, GroupHealth health) {
        this.rank = rank;
        this.restartCount = restartCount;
        this.health = health;
        try {
            this.listener = ServerSocketChannel.open();
            listener.bind(new InetSocketAddress(0), 128);
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new CommException("cannot open a data port: " + e.getMessage(), ExitCodes.UNAVAILABLE, e);
        }
        Thread.ofPlatform().daemon().name("ddpkit-accept-r" + rank).start(this::acceptLoop);
    }

    /** The port other ranks connect to. */
    int port() {
        return listener.socket().getLocalPort();
    }

    /** Where the peers listen; set once the rendezvous is done. */
    void table(PeerTable t) {
        this.table = t;
    }

    Selector selector() {
        return selector;
    }

    private void acceptLoop() {
        while (!closed) {
            SocketChannel ch;
            try {
                ch = listener.accept();
            } catch (IOException e) {
                return; // closed
            }
            try {
                ch.socket().setSoTimeout(10_000);
                DataInputStream in = new DataInputStream(ch.socket().getInputStream());
                int magic = in.readInt();
                int from = in.readInt();
                int restart = in.readInt();
                if (magic != HELLO || restart != restartCount || from < 0) {
                    ch.close();
                    continue;
                }
                ch.socket().setSoTimeout(0);
                tune(ch);
                ch.configureBlocking(false);
                CompletableFuture<SocketChannel> f = incoming.computeIfAbsent(from, k -> new CompletableFuture<>());
                if (!f.complete(ch)) {
                    ch.close(); // a second connection from the same rank: not ours
                }
            } catch (IOException e) {
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // dropping it
                }
            }
        }
    }

    /** The key of the channel {@code peer} opened to us, waiting for it to arrive. */
    SelectionKey in(int peer, Deadline d) {
        SelectionKey k = inKeys.get(peer);
        if (k != null) {
            return k;
        }
        CompletableFuture<SocketChannel> f = incoming.computeIfAbsent(peer, x -> new CompletableFuture<>());
        SocketChannel ch = null;
        while (ch == null) {
            if (closed) {
                throw new CommException("the process group is closed", ExitCodes.USAGE);
            }
            try {
                ch = f.get(50, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                health.checkPeer(peer);
                if (d.expired()) {
                    health.stalled(peer, d, "waiting for rank " + peer + " to connect");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CommException("interrupted", ExitCodes.INTERNAL, e);
            } catch (ExecutionException e) {
                throw new CommException("accepting rank " + peer + ": " + e.getCause(), ExitCodes.INTERNAL, e);
            }
        }
        try {
            k = ch.register(selector, 0);
        } catch (IOException e) {
            throw new PeerFailureException(peer, "its channel broke: " + e.getMessage(), e);
        }
        inKeys.put(peer, k);
        return k;
    }

    /** The key of our channel to {@code peer}, connecting on first use. */
    SelectionKey out(int peer) {
        SelectionKey k = outKeys.get(peer);
        if (k != null) {
            return k;
        }
        PeerInfo p = table.peer(peer);
        SocketChannel ch = null;
        try {
            ch = SocketChannel.open();
            tune(ch);
            ch.socket().connect(new InetSocketAddress(p.address(), p.dataPort()), 10_000);
            DataOutputStream o = new DataOutputStream(ch.socket().getOutputStream());
            o.writeInt(HELLO);
            o.writeInt(rank);
            o.writeInt(restartCount);
            o.flush();
            ch.configureBlocking(false);
            k = ch.register(selector, 0);
        } catch (IOException e) {
            if (ch != null) {
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // failed anyway
                }
            }
            throw new PeerFailureException(peer, "cannot connect to " + p.who() + " at " + p.address() + ":"
                    + p.dataPort() + ": " + e.getMessage(), e);
        }
        outKeys.put(peer, k);
        return k;
    }

    private static void tune(SocketChannel ch) throws IOException {
        ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
    }

    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing
        }
        for (CompletableFuture<SocketChannel> f : incoming.values()) {
            f.thenAccept(PeerChannels::closeQuietly);
            f.complete(null);
        }
        outKeys.values().forEach(k -> closeQuietly((SocketChannel) k.channel()));
        try {
            selector.close();
        } catch (IOException ignored) {
            // closing
        }
    }

    private static void closeQuietly(SocketChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }
}
