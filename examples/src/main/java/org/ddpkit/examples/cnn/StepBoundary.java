package org.ddpkit.examples.cnn;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Optional;
import org.ddpkit.comm.ProcessGroup;
import org.ddpkit.train.fault.AgreedStop;
import org.ddpkit.train.fault.CollectiveFlag;
import org.ddpkit.train.fault.NoticeFlag;

/**
 * What the ranks decide together between two training steps and after an epoch: whether a
 * notice (SIGUSR1/SIGUSR2, or SIGTERM, on any rank) stops the run here, and whether a snapshot is due.
 *
 * <p>With {@code --snapshot}, every step boundary all-reduces the notice flag
 * ({@link CollectiveFlag}, pipelined: a notice during step k stops the ranks after step k+1);
 * when any rank got a notice, all stop after the same step, rank 0
 * writes the snapshot and {@link #stop} ends every rank with exit 75 once it is complete.
 * Without {@code --snapshot} a notice only draws a warning: there is nothing to resume from,
 * so stopping would lose the run.
 */
final class StepBoundary {
    /** DESIGN.md's "temporary": stopped early with a snapshot; run again to resume. */
    static final int PREEMPTED = 75;
    /** After SIGTERM (with --snapshot the run stops with a snapshot too): 128 + 15, as a process it ended. */
    static final int TERMINATED = 143;

    private final CnnTraining t;
    private final CnnOptions o;
    private final ProcessGroup group;
    private final Optional<StepSnapshots> snapshots;
    private final NoticeFlag notices;
    private final CollectiveFlag agreement;
    private final PrintStream err;
    private boolean warned;
    private AgreedStop stop;
    private double stopMillis;
    private double saveMillis;

    StepBoundary(CnnTraining t, CnnOptions o, ProcessGroup group, Optional<StepSnapshots> snapshots, NoticeFlag notices,
                 PrintStream err) {
        this.t = t;
        this.o = o;
        this.group = group;
        this.snapshots = snapshots;
        this.notices = notices;
        this.agreement = snapshots.isPresent() ? new CollectiveFlag(group, notices) : null;
        this.err = err;
    }

    /**
     * Called by every rank after each step, at {@code at}, with its running loss sum and seconds
     * of the epoch; true when the ranks agreed to stop here (rank 0 has then written the snapshot).
     */
    boolean reached(TrainingPosition at, double lossSum, double epochSeconds) throws IOException {
        if (snapshots.isEmpty()) {
            warnOnce();
            return false;
        }
        Optional<AgreedStop> agreed = agreement.poll();
        boolean due = o.saveEvery().afterStep(at.globalStep(t.trainLoader.numBatches()));
        if (agreed.isEmpty() && !due) {
            return false;
        }
        double[] sums = t.allRanks(lossSum);
        if (group.rank() == 0) {
            long t0 = System.nanoTime();
            snapshots.get().save(t, at, sums, epochSeconds, o);
            saveMillis = (System.nanoTime() - t0) / 1e6;
        }
        if (agreed.isEmpty()) {
            return false;
        }
        stop = agreed.get();
        stopMillis = stop.millisSinceNotice(System.nanoTime());
        return true;
    }

    /** After epoch {@code epoch} was trained and evaluated (StepLR stepped): rank 0 saves when due, and always after the last. */
    void epochEnded(int epoch) throws IOException {
        warnOnce();
        if (snapshots.isPresent() && group.rank() == 0 && (o.saveEvery().afterEpoch(epoch) || epoch == o.epochs())) {
            snapshots.get().save(t, new TrainingPosition(epoch + 1, 0), new double[group.size()], 0, o);
        }
    }

    /**
     * Ends a stopped run: rank 0 reports the stop, every rank waits at a barrier until the
     * snapshot is complete (so none exits before it, which would make srun kill rank 0); returns
     * the exit code: {@value #PREEMPTED} after a notice, {@value #TERMINATED} after SIGTERM.
     */
    int stop(TrainingPosition at, PrintStream out) {
        int code = stop.signal().equals("TERM") ? TERMINATED : PREEMPTED;
        if (group.rank() == 0) {
            out.printf(Locale.ROOT, "Preempted at epoch %d step %d (of %d): snapshot written in %.0f ms after %s (saving took %.0f ms;"
                    + " %s); exit %d: run again to resume%n", at.epoch(), at.step(), t.trainLoader.numBatches(), stopMillis, stop.label(),
                    saveMillis, snapshots.orElseThrow().dir().path(), code);
            reportAgreementCost();
        }
        group.barrier();
        if (group.rank() != 0) {
            out.printf(Locale.ROOT, "Stopped at epoch %d step %d for %s; rank 0 wrote the snapshot%n", at.epoch(), at.step(),
                    stop.label());
        }
        return code;
    }

    /** Collective, at the end of training: waits for the agreement's round in flight. */
    void trainingDone() {
        if (agreement != null) {
            agreement.drain();
        }
    }

    /** Rank 0's note of what the per-step agreement cost (standard error). */
    void reportAgreementCost() {
        if (agreement != null && agreement.polls() > 0) {
            err.printf(Locale.ROOT, "note: notice agreement (one all-reduce per step, overlapped with the next step): median %.1f µs,"
                    + " mean %.1f µs per step (%d steps after the first)%n",
                    agreement.medianPollMicros(), agreement.meanPollMicros(), agreement.polls() - 1);
        }
    }

    private void warnOnce() {
        if (snapshots.isEmpty() && !warned && notices.raised()) {
            warned = true;
            err.println("elastic-ddp-cnn: warning: got " + notices.notice().orElseThrow().label() + " but no --snapshot DIR was given:"
                    + " training goes on (with --snapshot the run would stop with a snapshot and exit 75)");
        }
    }
}
