package org.ddpkit.comm;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;

/**
 * A rank for the multi-process tests: reads the env contract, joins with the backend named in
 * args[0] and runs scenario args[1]. Prints {@code OK name} per passed check and
 * {@code CRC name hex} per result, so the test can compare ranks' bits; on failure prints
 * {@code ERROR exitCode message} and exits with the exception's exit code.
 *
 * <pre>
 * collectives        every collective, many sizes and ops
 * loop               all-reduce forever (prints LOOPING once); a test kills some rank
 * hang RANK          RANK sleeps instead of joining the next collective; the others must time out
 * </pre>
 * Options after the scenario: {@code --timeout SECONDS}.
 */
public final class CommTestWorker {
    private final ProcessGroup pg;
    private final int rank;
    private final int size;

    private CommTestWorker(ProcessGroup pg) {
        this.pg = pg;
        this.rank = pg.rank();
        this.size = pg.size();
    }

    public static void main(String[] args) {
        String backend = args[0];
        String scenario = args[1];
        GroupOptions opts = GroupOptions.defaults().withBootstrapTimeout(Duration.ofSeconds(60));
        for (int i = 2; i < args.length; i++) {
            if (args[i].equals("--timeout")) {
                opts = opts.withTimeout(Duration.ofSeconds(Long.parseLong(args[++i])));
            }
        }
        int code = 0;
        try (ProcessGroup pg = ProcessGroups.init(DistEnv.fromEnv(System.getenv()), backend, opts)) {
            CommTestWorker w = new CommTestWorker(pg);
            switch (scenario) {
                case "collectives" -> w.collectives();
                case "loop" -> w.loop();
                case "hang" -> w.hang(Integer.parseInt(args[2]));
                default -> throw new IllegalArgumentException("unknown scenario " + scenario);
            }
            System.out.println("DONE");
        } catch (CommException e) {
            System.out.println("ERROR " + e.exitCode() + " " + e.getMessage());
            code = e.exitCode();
        } catch (AssertionError | RuntimeException e) {
            System.out.println("ERROR 70 " + e);
            e.printStackTrace(System.out);
            code = 70;
        }
        System.out.flush();
        System.exit(code);
    }

    /** A value every rank can compute for any rank: multiples of 1/8 in [-6, 6], exact in float sums. */
    static float exact(int r, long i) {
        return (((r * 31 + i * 7) % 97) - 48) / 8f;
    }

    /** Tiny, odd, not divisible by any world size, and (for SUM and AVG) several shared-memory chunks long. */
    private static final int[] SIZES = {1, 2, 3, 5, 16, 17, 1000, 4099, 65_537};
    private static final int LARGE = 300_007;

    private void collectives() {
        for (ReduceOp op : ReduceOp.values()) {
            int[] sizes = op == ReduceOp.SUM || op == ReduceOp.AVG
                    ? java.util.stream.IntStream.concat(java.util.Arrays.stream(SIZES), java.util.stream.IntStream.of(LARGE)).toArray()
                    : SIZES;
            for (int n : sizes) {
                float[] a = new float[n];
                for (int i = 0; i < n; i++) {
                    a[i] = exact(rank, i);
                }
                pg.allReduce(a, op);
                for (int i = 0; i < n; i++) {
                    float want = expectedExact(op, i);
                    if (Float.compare(a[i], want) != 0) {
                        throw new AssertionError("all-reduce " + op + " n=" + n + " [" + i + "]: got " + a[i] + ", want " + want);
                    }
                }
                crc("allreduce-" + op.label() + "-" + n, a);
            }
            ok("allreduce-exact-" + op.label());
        }
        randomSums();
        zeroLength();
        buffers();
        async();
        broadcast();
        allGather();
        sendRecv();
        pg.barrier();
        ok("barrier");
    }

    private float expectedExact(ReduceOp op, long i) {
        float acc = exact(0, i);
        for (int r = 1; r < size; r++) {
            float v = exact(r, i);
            acc = switch (op) {
                case SUM, AVG -> acc + v;
                case MAX -> Math.max(acc, v);
                case MIN -> Math.min(acc, v);
            };
        }
        return op == ReduceOp.AVG ? acc / size : acc;
    }

    /** Random floats: the result matches a serial double-precision sum to float rounding. */
    private void randomSums() {
        int n = 100_003;
        float[][] inputs = new float[size][n];
        for (int r = 0; r < size; r++) {
            Random rnd = new Random(1234 + r);
            for (int i = 0; i < n; i++) {
                inputs[r][i] = (float) rnd.nextGaussian() * 1000f;
            }
        }
        for (ReduceOp op : List.of(ReduceOp.SUM, ReduceOp.AVG)) {
            float[] a = inputs[rank].clone();
            pg.allReduce(a, op);
            for (int i = 0; i < n; i++) {
                double s = 0;
                double mag = 0;
                for (int r = 0; r < size; r++) {
                    s += inputs[r][i];
                    mag += Math.abs(inputs[r][i]);
                }
                if (op == ReduceOp.AVG) {
                    s /= size;
                    mag /= size;
                }
                double tol = mag * size * Math.ulp(1f) + Float.MIN_NORMAL;
                if (Math.abs(a[i] - s) > tol) {
                    throw new AssertionError("random " + op + " [" + i + "]: got " + a[i] + ", serial " + s + " ± " + tol);
                }
            }
            crc("random-" + op.label(), a);
        }
        ok("allreduce-random");
    }

    private void zeroLength() {
        pg.allReduce(new float[0], ReduceOp.SUM);
        pg.broadcast(new float[0], 0);
        pg.allGather(new float[0], new float[0]);
        ok("zero-length");
    }

    private void buffers() {
        int n = 70_001;
        FloatBuffer direct = ByteBuffer.allocateDirect(n * 4 + 8).order(ByteOrder.nativeOrder()).asFloatBuffer();
        direct.position(2);
        FloatBuffer view = direct.slice();
        FloatBuffer heap = FloatBuffer.allocate(n);
        try (Arena arena = Arena.ofShared()) {
            MemorySegment seg = arena.allocate((long) n * 4, 64);
            for (int i = 0; i < n; i++) {
                view.put(i, exact(rank, i));
                heap.put(i, exact(rank, i));
                seg.setAtIndex(ValueLayout.JAVA_FLOAT, i, exact(rank, i));
            }
            view.limit(n);
            pg.allReduce(view, ReduceOp.SUM);
            pg.allReduce(heap, ReduceOp.MAX);
            pg.allReduce(seg, ReduceOp.MIN);
            for (int i = 0; i < n; i++) {
                check(view.get(i), expectedExact(ReduceOp.SUM, i), "direct FloatBuffer", i);
                check(heap.get(i), expectedExact(ReduceOp.MAX, i), "heap FloatBuffer", i);
                check(seg.getAtIndex(ValueLayout.JAVA_FLOAT, i), expectedExact(ReduceOp.MIN, i), "segment", i);
            }
            if (direct.get(0) != 0f || direct.get(1) != 0f) {
                throw new AssertionError("all-reduce of a slice wrote outside it");
            }
        }
        ok("buffers");
    }

    private void async() {
        int n = 100_003;
        List<float[]> arrays = new ArrayList<>();
        List<Work> works = new ArrayList<>();
        for (int k = 0; k < 4; k++) {
            float[] a = new float[n];
            for (int i = 0; i < n; i++) {
                a[i] = exact(rank, i + k);
            }
            arrays.add(a);
            works.add(pg.allReduceAsync(a, ReduceOp.SUM));
        }
        for (int k = 3; k >= 0; k--) {
            works.get(k).await();
            if (!works.get(k).isDone()) {
                throw new AssertionError("await returned but the work is not done");
            }
        }
        for (int k = 0; k < 4; k++) {
            for (int i = 0; i < n; i++) {
                check(arrays.get(k)[i], expectedExact(ReduceOp.SUM, i + k), "async #" + k, i);
            }
        }
        ok("async");
    }

    private void broadcast() {
        for (int root = 0; root < size; root++) {
            for (int n : new int[] {1, 1001, 100_001}) {
                float[] a = new float[n];
                for (int i = 0; i < n; i++) {
                    a[i] = rank == root ? exact(root, i) : -99f;
                }
                pg.broadcast(a, root);
                for (int i = 0; i < n; i++) {
                    check(a[i], exact(root, i), "broadcast from " + root, i);
                }
            }
            ByteBuffer b = ByteBuffer.allocate(1003);
            for (int i = 0; i < b.capacity(); i++) {
                b.put(i, rank == root ? (byte) (i * 13 + root) : 0);
            }
            pg.broadcast(b, root);
            for (int i = 0; i < b.capacity(); i++) {
                if (b.get(i) != (byte) (i * 13 + root)) {
                    throw new AssertionError("byte broadcast from " + root + " [" + i + "]");
                }
            }
        }
        ok("broadcast");
    }

    private void allGather() {
        for (int n : new int[] {1, 5, 100_003}) {
            float[] mine = new float[n];
            for (int i = 0; i < n; i++) {
                mine[i] = exact(rank, i);
            }
            float[] all = new float[n * size];
            pg.allGather(mine, all);
            for (int r = 0; r < size; r++) {
                for (int i = 0; i < n; i++) {
                    check(all[r * n + i], exact(r, i), "all-gather block " + r, i);
                }
            }
        }
        ok("allgather");
    }

    private void sendRecv() {
        if (size < 2) {
            return;
        }
        int right = (rank + 1) % size;
        int left = (rank - 1 + size) % size;
        int n = 200_009;
        float[] out = new float[n];
        float[] in = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = exact(rank, i);
        }
        if (rank % 2 == 0) {
            pg.send(out, right);
            pg.recv(in, left);
        } else {
            pg.recv(in, left);
            pg.send(out, right);
        }
        for (int i = 0; i < n; i++) {
            check(in[i], exact(left, i), "recv from " + left, i);
        }
        ByteBuffer bytes = ByteBuffer.allocateDirect(77);
        if (rank == 0) {
            for (int i = 0; i < 77; i++) {
                bytes.put(i, (byte) i);
            }
            pg.send(bytes, size - 1);
        } else if (rank == size - 1) {
            pg.recv(bytes, 0);
            for (int i = 0; i < 77; i++) {
                if (bytes.get(i) != (byte) i) {
                    throw new AssertionError("byte recv [" + i + "]");
                }
            }
        }
        ok("sendrecv");
    }

    private void loop() {
        float[] a = new float[1 << 20];
        boolean said = false;
        while (true) {
            pg.allReduce(a, ReduceOp.SUM);
            if (!said) {
                System.out.println("LOOPING");
                System.out.flush();
                said = true;
            }
        }
    }

    private void hang(int hanger) {
        float[] a = new float[1000];
        pg.allReduce(a, ReduceOp.SUM);
        System.out.println("READY");
        System.out.flush();
        if (rank == hanger) {
            try {
                Thread.sleep(Long.MAX_VALUE); // the hung rank: the test kills it
            } catch (InterruptedException e) {
                return;
            }
        }
        pg.allReduce(a, ReduceOp.SUM);
    }

    private static void check(float got, float want, String what, long i) {
        if (Float.compare(got, want) != 0) {
            throw new AssertionError(what + " [" + i + "]: got " + got + ", want " + want);
        }
    }

    private static final long START = System.nanoTime();

    private static void ok(String name) {
        System.out.println("OK " + name + " at " + (System.nanoTime() - START) / 1_000_000 + " ms");
    }

    private static void crc(String name, float[] a) {
        ByteBuffer b = ByteBuffer.allocate(a.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(a);
        CRC32 c = new CRC32();
        c.update(b);
        System.out.println("CRC " + name + " " + Long.toHexString(c.getValue()));
    }
}
