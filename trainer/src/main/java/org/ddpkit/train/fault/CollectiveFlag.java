package org.ddpkit.train.fault;

import java.util.Objects;
import java.util.Optional;
import org.ddpkit.comm.ProcessGroup;
import org.ddpkit.comm.ReduceOp;

/**
 * A {@link NoticeFlag} that the ranks agree on: at each step boundary every rank calls
 * {@link #poll}, which all-reduces one value (MAX of the signal number, 0 for none), so when
 * any rank got a notice, every rank learns it at the same step and they all stop after it —
 * even when the signal reached only one of them. Only then a second all-reduce finds the
 * earliest notice's age, for reporting the time from the signal to the snapshot.
 *
 * <p>{@link #poll} is a collective: every rank must call it at the same boundaries, in the same
 * order as its other collectives. {@link #meanPollMicros} says what it costs per step.
 */
public final class CollectiveFlag {
    private final ProcessGroup group;
    private final NoticeFlag flag;
    private final float[] value = new float[1];
    private long polls;
    private long pollNanos;

    public CollectiveFlag(ProcessGroup group, NoticeFlag flag) {
        this.group = Objects.requireNonNull(group, "group");
        this.flag = Objects.requireNonNull(flag, "flag");
    }

    /** Collective: the stop all ranks agree on now, or empty when no rank has had a notice. */
    public Optional<AgreedStop> poll() {
        Notice mine = flag.notice().orElse(null);
        long t0 = System.nanoTime();
        value[0] = mine == null ? 0 : mine.number();
        group.allReduce(value, ReduceOp.MAX);
        pollNanos += System.nanoTime() - t0;
        polls++;
        if (value[0] == 0) {
            return Optional.empty();
        }
        int number = (int) value[0];
        float[] age = {mine == null ? 0f : (float) ((System.nanoTime() - mine.arrivalNanos()) / 1e6)};
        group.allReduce(age, ReduceOp.MAX);
        return Optional.of(new AgreedStop(flag.nameOf(number), number, age[0], System.nanoTime()));
    }

    /** The flag this agreement reads. */
    public NoticeFlag flag() {
        return flag;
    }

    /** How many times {@link #poll} ran. */
    public long polls() {
        return polls;
    }

    /** The mean time of the per-step all-reduce in microseconds (0 before the first poll). */
    public double meanPollMicros() {
        return polls == 0 ? 0 : pollNanos / 1e3 / polls;
    }
}
