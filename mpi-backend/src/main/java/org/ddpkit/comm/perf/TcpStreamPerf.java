package org.ddpkit.comm.perf;

import org.ddpkit.comm.CommException;
import org.ddpkit.comm.DistEnv;
import org.ddpkit.comm.ExitCodes;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The yardstick for the TCP ring: a plain TCP stream between two workers (the env contract,
 * WORLD_SIZE=2), as a well-written Java program would do it: blocking channels, 4 MiB direct
 * buffers. Rank 1 connects to MASTER_ADDR:MASTER_PORT and sends {@code BYTES} {@code REPEAT}
 * times; rank 0 receives and answers each transfer with one byte, so the sender times delivery,
 * not buffering. Rank 1 prints the best and median GB/s.
 *
 * <p>{@code --both-ways}: both ranks send at once, each on its own connection and thread, which
 * is what a 2-member ring all-reduce does (each member sends and receives the data size). Where
 * TCP is bound by the CPU rather than by a link (two "nodes" sharing the cores of one machine),
 * this, not the one-way figure, is the most bytes per second each direction can carry.
 *
 * <pre>TcpStreamPerf [BYTES (default 64M)] [REPEAT (default 10)] [--both-ways] [--csv FILE --label TEXT]</pre>
 */
public final class TcpStreamPerf {
    private static final int BUF = 4 << 20;
    /** First byte on a --both-ways connection: who sends on it. */
    private static final byte FROM_RANK1 = 1;
    private static final byte FROM_RANK0 = 0;

    private TcpStreamPerf() {}

    public static void main(String[] args) {
        System.exit(run(List.of(args), System.getenv(), System.out, System.err));
    }

    static int run(List<String> args, Map<String, String> processEnv, PrintStream out, PrintStream err) {
        long bytes = 64L << 20;
        int repeat = 10;
        boolean bothWays = false;
        Path csv = null;
        String label = "tcp-stream";
        try {
            List<String> pos = new java.util.ArrayList<>();
            for (int i = 0; i < args.size(); i++) {
                switch (args.get(i)) {
                    case "--csv" -> csv = Path.of(args.get(++i));
                    case "--label" -> label = args.get(++i);
                    case "--both-ways" -> bothWays = true;
                    default -> pos.add(args.get(i));
                }
            }
            if (!pos.isEmpty()) {
                bytes = ByteSize.parse("BYTES", pos.get(0));
            }
            if (pos.size() > 1) {
                repeat = Integer.parseInt(pos.get(1));
            }
            if (repeat < 1) {
                throw new IllegalArgumentException("REPEAT must be at least 1, got " + repeat);
            }
        } catch (RuntimeException e) {
            err.println("tcp-stream: " + e.getMessage()
                    + "\nusage: TcpStreamPerf [BYTES] [REPEAT] [--both-ways] [--csv FILE --label TEXT]");
            return ExitCodes.USAGE;
        }
        try {
            DistEnv env = DistEnv.fromEnv(processEnv);
            if (env.worldSize() != 2) {
                err.println("tcp-stream: needs WORLD_SIZE=2, got " + env.worldSize());
                return ExitCodes.CONFIG;
            }
            double[] gbs = bothWays ? bothWays(env, bytes, repeat) : oneWay(env, bytes, repeat);
            if (env.rank() == 1) {
                Arrays.sort(gbs);
                double best = gbs[gbs.length - 1];
                double median = gbs[gbs.length / 2];
                if (bothWays) {
                    // no "best": the last transfer of the faster direction may run alone, at one-way speed
                    out.printf("# tcp-stream: %d bytes x %d, both ways at once: median %.3f GB/s per direction%n", bytes,
                            repeat, median);
                } else {
                    out.printf("# tcp-stream: %d bytes x %d, one way: best %.3f GB/s, median %.3f GB/s%n", bytes, repeat,
                            best, median);
                }
                if (csv != null) {
                    Files.writeString(csv, String.format("%s,%d,%.1f,%.4f,%.4f,0%n", label, bytes,
                            bytes / median / 1e3, median, median), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                }
            }
            return 0;
        } catch (CommException e) {
            err.println("tcp-stream: " + e.getMessage());
            return e.exitCode();
        } catch (IOException e) {
            err.println("tcp-stream: rank " + processEnv.get("RANK") + ": " + e.getMessage());
            return ExitCodes.TEMPORARY;
        }
    }

    /** Rank 1 sends, rank 0 receives; rank 1 returns the GB/s of each transfer. */
    private static double[] oneWay(DistEnv env, long bytes, int repeat) throws IOException {
        if (env.rank() == 0) {
            try (ServerSocketChannel ss = listen(env); SocketChannel ch = ss.accept()) {
                receive(ch, bytes, repeat);
                return new double[0];
            }
        }
        try (SocketChannel ch = connect(env)) {
            return send(ch, bytes, repeat);
        }
    }

    /**
     * Two connections, one per direction, each rank sending on one while receiving on the other
     * (a thread each); returns the GB/s of each of this rank's transfers, timed while the other
     * direction runs too.
     */
    private static double[] bothWays(DistEnv env, long bytes, int repeat) throws IOException {
        SocketChannel mine;
        SocketChannel theirs;
        if (env.rank() == 0) {
            try (ServerSocketChannel ss = listen(env)) {
                SocketChannel a = ss.accept();
                SocketChannel b = ss.accept();
                boolean aFromRank1 = readTag(a) == FROM_RANK1;
                if (readTag(b) == (aFromRank1 ? FROM_RANK1 : FROM_RANK0)) {
                    throw new IOException("both connections claim the same direction");
                }
                theirs = aFromRank1 ? a : b;
                mine = aFromRank1 ? b : a;
            }
        } else {
            mine = connect(env);
            writeTag(mine, FROM_RANK1);
            theirs = connect(env);
            writeTag(theirs, FROM_RANK0);
        }
        try (SocketChannel out = mine; SocketChannel in = theirs) {
            CompletableFuture<Void> receiving = CompletableFuture.runAsync(() -> {
                try {
                    receive(in, bytes, repeat);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, r -> Thread.ofPlatform().name("tcp-stream-receive").daemon().start(r));
            double[] gbs = send(out, bytes, repeat);
            try {
                receiving.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof UncheckedIOException u ? u.getCause() : new IOException(e.getCause());
            }
            return gbs;
        }
    }

    private static ServerSocketChannel listen(DistEnv env) throws IOException {
        ServerSocketChannel ss = ServerSocketChannel.open();
        ss.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        ss.bind(new InetSocketAddress(env.masterPort()));
        return ss;
    }

    /** Connects to rank 0, retrying for up to 60 s while it is not listening yet. */
    private static SocketChannel connect(DistEnv env) throws IOException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (true) {
            try {
                SocketChannel ch = SocketChannel.open(new InetSocketAddress(env.masterAddr(), env.masterPort()));
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                return ch;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException ie) {
                    throw new IOException("interrupted", ie);
                }
            }
        }
    }

    private static void writeTag(SocketChannel ch, byte tag) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(1).put(tag).flip();
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    private static byte readTag(SocketChannel ch) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(1);
        while (b.hasRemaining()) {
            if (ch.read(b) < 0) {
                throw new IOException("peer closed before saying its direction");
            }
        }
        return b.get(0);
    }

    /** Reads {@code repeat} transfers of {@code bytes}, answering each with one byte. */
    private static void receive(SocketChannel ch, long bytes, int repeat) throws IOException {
        ByteBuffer buf = ByteBuffer.allocateDirect(BUF);
        ByteBuffer ack = ByteBuffer.allocateDirect(1);
        for (int r = 0; r < repeat; r++) {
            long left = bytes;
            while (left > 0) {
                buf.clear().limit((int) Math.min(BUF, left));
                int n = ch.read(buf);
                if (n < 0) {
                    throw new IOException("sender closed early");
                }
                left -= n;
            }
            ack.clear();
            while (ack.hasRemaining()) {
                ch.write(ack);
            }
        }
    }

    /** Sends {@code repeat} transfers of {@code bytes}, each timed until its answer; returns GB/s per transfer. */
    private static double[] send(SocketChannel c, long bytes, int repeat) throws IOException {
        ByteBuffer buf = ByteBuffer.allocateDirect(BUF);
        ByteBuffer ack = ByteBuffer.allocateDirect(1);
        double[] gbs = new double[repeat];
        for (int r = 0; r < repeat; r++) {
            long t0 = System.nanoTime();
            long left = bytes;
            while (left > 0) {
                buf.clear().limit((int) Math.min(BUF, left));
                while (buf.hasRemaining()) {
                    left -= c.write(buf);
                }
            }
            ack.clear();
            while (ack.hasRemaining()) {
                if (c.read(ack) < 0) {
                    throw new IOException("receiver closed early");
                }
            }
            gbs[r] = bytes / (double) (System.nanoTime() - t0);
        }
        return gbs;
    }
}
