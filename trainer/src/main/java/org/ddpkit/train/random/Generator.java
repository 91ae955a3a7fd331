package org.ddpkit.train.random;

/**
 * A counter-based random generator: draw number {@code k} is SplitMix64's output for position
 * {@code k} of the stream selected by the seed, so it is a pure function of
 * {@code (seed, k)}. The state is {@code (seed, counter)}; {@link #reserve(long)} hands out a
 * block of positions that parallel code fills independently ({@link #bitsAt(long, long)}).
 * Not thread-safe: one owner draws, and hands blocks to threads.
 */
public final class Generator {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;
    private final long seed;
    private final long key;
    private long counter;

    public Generator(long seed) {
        this.seed = seed;
        this.key = mix(seed ^ 0x5DEECE66DL);
    }

    /** A generator in the given state. */
    public static Generator fromState(GeneratorState state) {
        Generator g = new Generator(state.seed());
        g.counter = state.counter();
        return g;
    }

    public GeneratorState state() {
        return new GeneratorState(seed, counter);
    }

    /** Rewinds or forwards to {@code state}; its seed must be this generator's seed. */
    public void setState(GeneratorState state) {
        if (state.seed() != seed) {
            throw new IllegalArgumentException("generator state for seed " + state.seed() + " given to a generator with seed " + seed);
        }
        counter = state.counter();
    }

    public long seed() {
        return seed;
    }

    /** The stream key that {@link #bitsAt(long, long)} needs. */
    public long key() {
        return key;
    }

    /** Reserves {@code n} draws and returns the position of the first. */
    public long reserve(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("reserve: n must be ≥ 0, got " + n);
        }
        long first = counter;
        counter += n;
        return first;
    }

    /** 64 random bits: draw number {@code position} of the stream {@code key}. */
    public static long bitsAt(long key, long position) {
        return mix(key + position * GOLDEN);
    }

    /** A uniform float in [0, 1) with 24 random bits, from draw number {@code position}. */
    public static float uniformAt(long key, long position) {
        return (bitsAt(key, position) >>> 40) * 0x1.0p-24f;
    }

    public long nextLong() {
        return bitsAt(key, counter++);
    }

    /** Uniform in [0, 1). */
    public float nextFloat() {
        return (nextLong() >>> 40) * 0x1.0p-24f;
    }

    /** Uniform in [0, 1) with 53 random bits. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform in [lo, hi). */
    public float uniform(float lo, float hi) {
        return lo + (hi - lo) * nextFloat();
    }

    /** A standard normal draw (Box–Muller, two uniforms per draw). */
    public float nextGaussian() {
        double u1 = 1.0 - nextDouble();
        double u2 = nextDouble();
        return (float) (Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2));
    }

    /** Uniform in [0, bound) without bias (Lemire's method). */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be > 0, got " + bound);
        }
        long m = (nextLong() >>> 32) * bound;
        long low = m & 0xFFFFFFFFL;
        if (low < bound) {
            long threshold = (0x1_0000_0000L - bound) % bound;
            while (low < threshold) {
                m = (nextLong() >>> 32) * bound;
                low = m & 0xFFFFFFFFL;
            }
        }
        return (int) (m >>> 32);
    }

    /** A uniformly random permutation of {@code 0 .. n-1} (Fisher–Yates). */
    public int[] permutation(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /** Fills {@code a[off .. off+n)} uniformly in [lo, hi). */
    public void fillUniform(float[] a, int off, int n, float lo, float hi) {
        for (int i = 0; i < n; i++) {
            a[off + i] = uniform(lo, hi);
        }
    }

    /** SplitMix64's finaliser (Stafford's variant 13). */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
