package org.ddpkit.examples.cnn;

import java.io.PrintStream;
import java.util.function.LongSupplier;

/**
 * Rank 0's view of training progress: steps done of all epochs, the rate in samples per second
 * (all ranks together) and the time left. As a bar redrawn in place ({@link ProgressMode#BAR}, for
 * terminals) or a plain line every {@code intervalNanos} and at the end of each epoch
 * ({@link ProgressMode#LINES}, for batch logs; the epoch's last batch is left to the epoch's end line).
 */
public final class ProgressReport {
    private static final int BAR_WIDTH = 30;
    private static final long REDRAW_NANOS = 100_000_000L;
    private final ProgressMode mode;
    private final PrintStream out;
    private final LongSupplier clock;
    private final long intervalNanos;
    private final int epochs;
    private final int batches;
    private final int firstEpoch;
    private long start = -1;
    private long lastShown;
    private long samples;
    private int epoch;
    private int batch;

    /**
     * @param mode          BAR, LINES or NONE (AUTO must be resolved first)
     * @param epochs        the last epoch's number
     * @param batches       batches per epoch
     * @param firstEpoch    the first epoch this run trains (later than 1 when resumed)
     * @param intervalNanos time between two lines in LINES mode
     */
    public ProgressReport(ProgressMode mode, PrintStream out, LongSupplier clock, int epochs, int batches, int firstEpoch,
                          long intervalNanos) {
        if (mode == ProgressMode.AUTO) {
            throw new IllegalArgumentException("resolve AUTO before making a ProgressReport");
        }
        this.mode = mode;
        this.out = out;
        this.clock = clock;
        this.epochs = epochs;
        this.batches = batches;
        this.firstEpoch = firstEpoch;
        this.intervalNanos = intervalNanos;
    }

    public void epochStarted(int number) {
        epoch = number;
        batch = 0;
        if (start < 0) {
            start = clock.getAsLong();
            lastShown = start;
        }
    }

    /** Batch {@code number} (from 1) of the epoch is done; {@code globalSamples} were in it on all ranks. */
    public void batchDone(int number, long globalSamples) {
        batch = number;
        samples += globalSamples;
        long now = clock.getAsLong();
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
        return String.format("Epoch %d/%d |%s%s| %3d%% %d/%d [%s<%s, %,.1f samples/s]", epoch, epochs, "#".repeat(filled),
                "-".repeat(BAR_WIDTH - filled), percent(), batch, batches, clockTime(now - start), clockTime(etaNanos(now)), rate(now));
    }

    /** {@code progress: epoch 1/2, batch 164/469 (35%), 1,530.2 samples/s, elapsed 00:12, ETA 00:22}. */
    String line(long now) {
        return String.format("progress: epoch %d/%d, batch %d/%d (%d%%), %,.1f samples/s, elapsed %s, ETA %s", epoch, epochs, batch,
                batches, percent(), rate(now), clockTime(now - start), clockTime(etaNanos(now)));
    }

    private int percent() {
        return batches == 0 ? 100 : (int) (100L * batch / batches);
    }

    private double rate(long now) {
        double secs = (now - start) / 1e9;
        return secs <= 0 ? 0 : samples / secs;
    }

    /** Time left for the steps of all remaining epochs at the rate so far. */
    private long etaNanos(long now) {
        long done = (long) (epoch - firstEpoch) * batches + batch;
        long left = (long) (epochs - epoch) * batches + (batches - batch);
        return done == 0 ? 0 : (now - start) / done * left;
    }

    /** {@code mm:ss}, or {@code h:mm:ss} from an hour on. */
    static String clockTime(long nanos) {
        long s = Math.max(0, nanos) / 1_000_000_000L;
        return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String.format("%02d:%02d", s / 60, s % 60);
    }
}
