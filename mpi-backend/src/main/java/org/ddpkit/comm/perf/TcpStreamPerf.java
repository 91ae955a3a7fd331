package org.ddpkit.comm.perf;

import org.ddpkit.comm.CommException;
import org.ddpkit.comm.DistEnv;
import org.ddpkit.comm.ExitCodes;

import java.io.IOException;
import java.io.PrintStream;
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

/**
 * The yardstick for the TCP ring: a plain one-way TCP stream between two workers (the env
 * contract, WORLD_SIZE=2), as a well-written Java program would do it — blocking channels,
 * 4 MiB direct buffers. Rank 1 connects to MASTER_ADDR:MASTER_PORT and sends {@code BYTES}
 * {@code REPEAT} times; rank 0 receives and answers each transfer with one byte, so rank 1
 * times delivery, not buffering. Rank 1 prints the best and median GB/s.
 *
 * <pre>TcpStreamPerf [BYTES (default 64M)] [REPEAT (default 10)] [--csv FILE --label TEXT]</pre>
 */
public final class TcpStreamPerf {
    private static final int BUF = 4 << 20;

    private TcpStreamPerf() {}

    public static void main(String[] args) {
        System.exit(run(List.of(args), System.getenv(), System.out, System.err));
    }

    static int run(List<String> args, Map<String, String> processEnv, PrintStream out, PrintStream err) {
        long bytes = 64L << 20;
        int repeat = 10;
        Path csv = null;
        String label = "tcp-stream";
        try {
            List<String> pos = new java.util.ArrayList<>();
            for (int i = 0; i < args.size(); i++) {
                switch (args.get(i)) {
                    case "--csv" -> csv = Path.of(args.get(++i));
                    case "--label" -> label = args.get(++i);
                    default -> pos.add(args.get(i));
                }
            }
            if (!pos.isEmpty()) {
                bytes = ByteSize.parse("BYTES", pos.get(0));
            }
            if (pos.size() > 1) {
                repeat = Integer.parseInt(pos.get(1));
            }
        } catch (RuntimeException e) {
            err.println("tcp-stream: " + e.getMessage() + "\nusage: TcpStreamPerf [BYTES] [REPEAT] [--csv FILE --label TEXT]");
            return ExitCodes.USAGE;
        }
        try {
            DistEnv env = DistEnv.fromEnv(processEnv);
            if (env.worldSize() != 2) {
                err.println("tcp-stream: needs WORLD_SIZE=2, got " + env.worldSize());
                return ExitCodes.CONFIG;
            }
            if (env.rank() == 0) {
                receive(env, bytes, repeat);
            } else {
                double[] gbs = send(env, bytes, repeat);
                Arrays.sort(gbs);
                double best = gbs[gbs.length - 1];
                double median = gbs[gbs.length / 2];
                out.printf("# tcp-stream: %d bytes x %d, one way: best %.3f GB/s, median %.3f GB/s%n", bytes, repeat, best,
                        median);
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

    private static void receive(DistEnv env, long bytes, int repeat) throws IOException {
        try (ServerSocketChannel ss = ServerSocketChannel.open()) {
            ss.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            ss.bind(new InetSocketAddress(env.masterPort()));
            try (SocketChannel ch = ss.accept()) {
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
                    ch.write(ack);
                }
            }
        }
    }

    private static double[] send(DistEnv env, long bytes, int repeat) throws IOException {
        SocketChannel ch = null;
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (ch == null) {
            try {
                ch = SocketChannel.open(new InetSocketAddress(env.masterAddr(), env.masterPort()));
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                try {
                    Thread.sleep(50); // retry while the receiver is not listening yet
                } catch (InterruptedException ie) {
                    throw new IOException("interrupted", ie);
                }
            }
        }
        try (SocketChannel c = ch) {
            c.setOption(StandardSocketOptions.TCP_NODELAY, true);
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
}
