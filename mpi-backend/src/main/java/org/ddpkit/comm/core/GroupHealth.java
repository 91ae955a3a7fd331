package org.ddpkit.comm.core;

import org.ddpkit.comm.CommException;
import org.ddpkit.comm.PeerFailureException;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Whether the group still works: the first failure (a dead peer, a timeout, an I/O error) is
 * kept and thrown by every later check, and abort hooks run once to unblock whatever waits
 * (sockets closed, pending work failed). Ranks that closed the group orderly are "departed".
 */
public final class GroupHealth {
    /** How long a wait on a healthy peer continues after some other rank failed (it may still answer). */
    private static final long GRACE_NANOS = 1_000_000_000L;

    /** How long a stalled rank waits for rank 0's verdict on who hangs before failing on its own. */
    public static final long VERDICT_WAIT_NANOS = 3_000_000_000L;

    /** Where a rank reports that a collective outlived its deadline (the control link). */
    public interface StallReporter {
        void stalled(int waitingFor, String what);
    }

    private final AtomicReference<CommException> failure = new AtomicReference<>();
    private final java.util.concurrent.CountDownLatch failedLatch = new java.util.concurrent.CountDownLatch(1);
    private volatile long failedAtNanos;
    private volatile StallReporter stallReporter = (w, what) -> { };
    private volatile long stalledAtNanos;
    private final List<Runnable> abortHooks = new CopyOnWriteArrayList<>();
    private final Set<Integer> departed = ConcurrentHashMap.newKeySet();

    /**
     * Records {@code cause} as the group's failure unless one is already recorded, then runs
     * the abort hooks. Returns whether this call was the first.
     */
    public boolean fail(CommException cause) {
        if (!failure.compareAndSet(null, cause)) {
            return false;
        }
        failedAtNanos = System.nanoTime();
        failedLatch.countDown();
        for (Runnable hook : abortHooks) {
            try {
                hook.run();
            } catch (RuntimeException ignored) {
                // a hook that fails must not stop the others from unblocking their waiters
            }
        }
        return true;
    }

    /** Runs {@code hook} on the first failure (at once if the group already failed). */
    public void onAbort(Runnable hook) {
        abortHooks.add(hook);
        if (failure.get() != null) {
            hook.run();
        }
    }

    /** The recorded failure, or null. A volatile read: cheap enough for spin loops. */
    public CommException failure() {
        return failure.get();
    }

    /**
     * Waits up to {@code max} for a failure to be recorded and returns it (null if none): after a
     * library call failed on its own (MPJ's "channel closed"), the root cause (which rank died)
     * usually arrives over the control channel a moment later.
     */
    public CommException awaitFailure(java.time.Duration max) {
        try {
            failedLatch.await(max.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return failure.get();
    }

    public boolean failed() {
        return failure.get() != null;
    }

    /** Throws the recorded failure, if any. */
    public void check() {
        CommException f = failure.get();
        if (f != null) {
            throw f;
        }
    }

    public void stallReporter(StallReporter r) {
        this.stallReporter = r;
    }

    /**
     * Called by a wait on {@code waitingFor} (-1: unknown) whose deadline passed. The first call
     * tells rank 0, which hears from every stalled rank and names the one they all wait for;
     * later calls throw that verdict once it arrives, or this rank's own timeout after
     * {@link #VERDICT_WAIT_NANOS}. Returns normally while the verdict is pending.
     */
    public void stalled(int waitingFor, Deadline d, String what) {
        check();
        long now = System.nanoTime();
        if (stalledAtNanos == 0) {
            stalledAtNanos = now;
            stallReporter.stalled(waitingFor, what);
            return;
        }
        if (now - stalledAtNanos > VERDICT_WAIT_NANOS) {
            fail(d.failure(waitingFor, what));
            check();
        }
    }

    /** Marks {@code rank} as having closed the group. */
    public void departed(int rank) {
        departed.add(rank);
    }

    /**
     * Called by a wait that made no progress on {@code peer}: throws when {@code peer} failed or
     * left, or when another rank failed more than a second ago (data that was already on its way
     * when a rank finished and died still arrives, so a wait does not give up at once for others).
     */
    public void checkPeer(int peer) {
        CommException f = failure.get();
        if (f != null && (stalledAtNanos != 0 || !(f instanceof PeerFailureException p) || p.peerRank() == peer
                || System.nanoTime() - failedAtNanos > GRACE_NANOS)) {
            throw f;
        }
        if (departed.contains(peer)) {
            PeerFailureException e = new PeerFailureException(peer,
                    "it closed the process group (or its JVM exited) while this rank still waits for it in a collective: "
                            + "every rank must call the same collectives in the same order");
            fail(e);
            throw failure.get();
        }
    }
}
