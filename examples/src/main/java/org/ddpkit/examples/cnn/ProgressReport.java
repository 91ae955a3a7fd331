package org.ddpkit.examples.cnn;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Rank 0's view of training progress: steps done of all epochs, the rate in samples per second
 * (all ranks together) and the time left, both over the last {@value #WINDOW} steps (the first
 * steps, slow while the JIT compiles, soon stop counting). As a bar redrawn in place ({@link ProgressMode#BAR}, for
 * terminals) or a plain line every {@code intervalNanos} and at the end of each epoch
 * ({@link ProgressMode#LINES}, for batch logs; the epoch's last batch is left to the epoch's end line).
 */
public final class ProgressReport {
    static final int WINDOW = 32;
    private static final int BAR_WIDTH = 30;
    private static final long REDRAW_NANOS = 100_000_000L;
    private final ProgressMode mode;
    private final PrintStream out;
    private final LongSupplier clock;
    private final long intervalNanos;
    private final int epochs;
    private final int batches;
    private long start = -1;
    private long lastShown;
    private long samples;
    private long steps;
    private int epoch;
    private int batch;
    /** Ring of (time, samples, steps) after each of the last WINDOW steps, and at the start. */
    private final long[] ringTime = new long[WINDOW + 1];
    private final long[] ringSamples = new long[WINDOW + 1];
    private final long[] ringSteps = new long[WINDOW + 1];
    private int ringHead;
    private int ringSize;

    /**
     * @param mode          BAR, LINES or NONE (AUTO must be resolved first)
     * @param epochs        the last epoch's number
     * @param batches       batches per epoch
     * @param intervalNanos time between two lines in LINES mode
     */
    public ProgressReport(ProgressMode mode, PrintStream out, LongSupplier clock, int epochs, int batches, long intervalNanos) {
        if (mode == ProgressMode.AUTO) {
            throw new IllegalArgumentException("resolve AUTO before making a ProgressReport");
        }
        this.mode = mode;
        this.out = out;
        this.clock = clock;
        this.epochs = epochs;
        this.batches = batches;
        this.intervalNanos = intervalNanos;
    }

    public void epochStarted(int number) {
        epoch = number;
        batch = 0;
        if (start < 0) {
            start = clock.getAsLong();
            lastShown = start;
            remember(start);
        }
    }

    /** Batch {@code number} (from 1) of the epoch is done; {@code globalSamples} were in it on all ranks. */
    public void batchDone(int number, long globalSamples) {
        batch = number;
        samples += globalSamples;
        steps++;
        long now = clock.getAsLong();
        remember(now);
        if (mode == ProgressMode.BAR && (now - lastShown >= REDRAW_NANOS || number == batches)) {
            out.print("\r" + bar(now) + "\033[K");
            out.flush();
            lastShown = now;
        } else if (mode == ProgressMode.LINES && now - lastShown >= intervalNanos && number < batches) {
            out.println(line(now));
            lastShown = now;
        }
    }

    public void epochEnded() {
        long now = clock.getAsLong();
        if (mode == ProgressMode.BAR) {
            out.print("\r" + bar(now) + "\033[K\n");
            out.flush();
        } else if (mode == ProgressMode.LINES) {
            out.println(line(now));
        }
        lastShown = now;
    }

    /** {@code Epoch 1/2 |#####---------| 35% 164/469 [00:12<00:22, 1,530.2 samples/s]}. */
    String bar(long now) {
        int filled = batches == 0 ? BAR_WIDTH : (int) ((long) BAR_WIDTH * batch / batches);
        return String.format(Locale.ROOT, "Epoch %d/%d |%s%s| %3d%% %d/%d [%s<%s, %,.1f samples/s]", epoch, epochs, "#".repeat(filled),
                "-".repeat(BAR_WIDTH - filled), percent(), batch, batches, clockTime(now - start), clockTime(etaNanos(now)), rate(now));
    }

    /** {@code progress: epoch 1/2, batch 164/469 (35%), 1,530.2 samples/s, elapsed 00:12, ETA 00:22}. */
    String line(long now) {
        return String.format(Locale.ROOT, "progress: epoch %d/%d, batch %d/%d (%d%%), %,.1f samples/s, elapsed %s, ETA %s", epoch, epochs, batch,
                batches, percent(), rate(now), clockTime(now - start), clockTime(etaNanos(now)));
    }

    private int percent() {
        return batches == 0 ? 100 : (int) (100L * batch / batches);
    }

    private void remember(long now) {
        ringHead = (ringHead + 1) % ringTime.length;
        ringTime[ringHead] = now;
        ringSamples[ringHead] = samples;
        ringSteps[ringHead] = steps;
        ringSize = Math.min(ringSize + 1, ringTime.length);
    }

    private int oldest() {
        return Math.floorMod(ringHead - ringSize + 1, ringTime.length);
    }

    /** Samples per second over the window. */
    private double rate(long now) {
        int o = oldest();
        double secs = (now - ringTime[o]) / 1e9;
        return secs <= 0 ? 0 : (samples - ringSamples[o]) / secs;
    }

    /** Time left for the steps of all remaining epochs at the window's pace. */
    private long etaNanos(long now) {
        int o = oldest();
        long done = steps - ringSteps[o];
        long left = (long) (epochs - epoch) * batches + (batches - batch);
        return done == 0 ? 0 : (now - ringTime[o]) / done * left;
    }

    /** {@code mm:ss}, or {@code h:mm:ss} from an hour on. */
    static String clockTime(long nanos) {
        long s = Math.max(0, nanos) / 1_000_000_000L;
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String.format(Locale.ROOT, "%02d:%02d", s / 60, s % 60);
    }
}
