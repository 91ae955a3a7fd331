package org.ddpkit.train.fault;

import java.util.Objects;
import java.util.Optional;
import org.ddpkit.comm.ProcessGroup;
import org.ddpkit.comm.ReduceOp;
import org.ddpkit.comm.Work;

/**
 * A {@link NoticeFlag} that the ranks agree on. At each step boundary every rank calls
 * {@link #poll}, which all-reduces one value (MAX of the signal number, 0 for none): when any
 * rank got a notice, every rank learns it at the same boundary and they all stop after the same
 * step — even when the signal reached only one of them. Only then a second all-reduce finds the
 * earliest notice's age, for reporting the time from the signal to the snapshot.
 *
 * <p>The all-reduce is pipelined: the one started at boundary k is awaited at boundary k+1,
 * so it overlaps the next step's forward pass instead of adding a synchronisation (and the
 * wait for the slowest rank) to every step. A notice that arrives during step k therefore
 * stops the ranks after step k+1. All ranks get the same answer at the same boundary, since
 * they all await the same all-reduce there.
 *
 * <p>{@link #poll} is a collective: every rank must call it at the same boundaries, in the same
 * order as its other collectives, and call {@link #drain} before leaving the group.
 * {@link #meanPollMicros} says what it costs per step.
 */
public final class CollectiveFlag {
    private final ProcessGroup group;
    private final NoticeFlag flag;
    private final float[] value = new float[1];
    private Work pending;
    private final long[] recent = new long[1024];
    private long polls;
    private long pollNanos;

    public CollectiveFlag(ProcessGroup group, NoticeFlag flag) {
        this.group = Objects.requireNonNull(group, "group");
        this.flag = Objects.requireNonNull(flag, "flag");
    }

    /**
     * Collective: the stop all ranks agree on at this boundary (a notice seen on any rank by the
     * previous one), or empty, in which case the next round has started.
     */
    public Optional<AgreedStop> poll() {
        long t0 = System.nanoTime();
        int agreed = 0;
        if (pending != null) {
            pending.await();
            pending = null;
            agreed = (int) value[0];
        }
        Notice mine = flag.notice().orElse(null);
        if (agreed == 0) {
            value[0] = mine == null ? 0 : mine.number();
            pending = group.allReduceAsync(value, ReduceOp.MAX);
            count(System.nanoTime() - t0);
            return Optional.empty();
        }
        count(System.nanoTime() - t0);
        long ageAt = System.nanoTime(); // the moment the age refers to: the all-reduce's own time must not be lost
        float[] age = {mine == null ? 0f : (float) ((ageAt - mine.arrivalNanos()) / 1e6)};
        group.allReduce(age, ReduceOp.MAX);
        return Optional.of(new AgreedStop(flag.nameOf(agreed), agreed, age[0], ageAt));
    }

    private void count(long nanos) {
        if (polls > 0) {
            pollNanos += nanos;
            recent[(int) ((polls - 1) % recent.length)] = nanos;
        }
        polls++;
    }

    /** Collective: waits for the round in flight, if any (before the group is closed or the loop ends). */
    public void drain() {
        if (pending != null) {
            pending.await();
            pending = null;
        }
    }

    /** The flag this agreement reads. */
    public NoticeFlag flag() {
        return flag;
    }

    /** How many times {@link #poll} ran. */
    public long polls() {
        return polls;
    }

    /**
     * The mean time {@link #poll} took in microseconds, leaving out the first call (which loads
     * classes and warms up); 0 before the second call.
     */
    public double meanPollMicros() {
        return polls < 2 ? 0 : pollNanos / 1e3 / (polls - 1);
    }

    /**
     * The median time {@link #poll} took in microseconds over the last 1,024 calls (leaving out
     * the first call), robust against the odd descheduled thread; 0 before the second call.
     */
    public double medianPollMicros() {
        int n = (int) Math.min(polls - 1, recent.length);
        if (n < 1) {
            return 0;
        }
        long[] sorted = java.util.Arrays.copyOf(recent, n);
        java.util.Arrays.sort(sorted);
        return (n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0) / 1e3;
    }
}
