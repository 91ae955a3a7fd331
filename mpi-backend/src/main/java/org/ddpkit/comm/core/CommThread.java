package org.ddpkit.comm.core;

import org.ddpkit.comm.CommException;
import org.ddpkit.comm.ExitCodes;
import org.ddpkit.comm.Work;

import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The one platform thread (daemon) that runs a group's collectives, in the order they were
 * called, so every rank executes the same sequence. A watchdog fails the group when a
 * collective outlives the timeout, even one stuck inside a library that cannot be interrupted
 * (MPJ); the first failure fails every queued collective too.
 */
public final class CommThread implements AutoCloseable {
    /** How long a collective that failed inside a library waits for the root cause to be reported. */
    private static final Duration ROOT_CAUSE_WAIT = Duration.ofSeconds(2);
    private final LinkedBlockingQueue<QueuedWork> queue = new LinkedBlockingQueue<>();
    private final GroupHealth health;
    private final Duration timeout;
    private final Thread worker;
    private final Thread watchdog;
    private volatile QueuedWork running;
    private volatile boolean closed;
    private final boolean failRunningOnAbort;

    /**
     * @param failRunningOnAbort whether the first failure also fails the collective now running
     *                           (for backends whose calls cannot notice it themselves, like MPJ);
     *                           otherwise it ends on its own once it has to wait for a peer
     */
    public CommThread(String name, GroupHealth health, Duration timeout, boolean failRunningOnAbort) {
        this.health = health;
        this.failRunningOnAbort = failRunningOnAbort;
        this.timeout = timeout;
        this.worker = Thread.ofPlatform().daemon().name(name).unstarted(this::loop);
        this.watchdog = Thread.ofPlatform().daemon().name(name + "-watchdog").unstarted(this::watch);
        health.onAbort(this::failQueued);
        worker.start();
        watchdog.start();
    }

    /** Queues {@code op}; a group that already failed returns a work that throws that failure. */
    public Work submit(String name, CollectiveOp op) {
        return submit(name, timeout, op);
    }

    /** Like {@link #submit(String, CollectiveOp)} with its own time limit (e.g. start-up). */
    public Work submit(String name, Duration limit, CollectiveOp op) {
        QueuedWork w = new QueuedWork(name, limit, op);
        CommException f = health.failure();
        if (f != null) {
            w.fail(f);
            return w;
        }
        if (closed) {
            w.fail(new CommException(name + ": the process group is closed", ExitCodes.USAGE));
            return w;
        }
        queue.add(w);
        if (health.failed()) {
            failQueued();
        }
        return w;
    }

    /** Runs {@code op} on the communication thread and waits for it. */
    public void run(String name, CollectiveOp op) {
        submit(name, op).await();
    }

    public void run(String name, Duration limit, CollectiveOp op) {
        submit(name, limit, op).await();
    }

    private void loop() {
        while (!closed) {
            QueuedWork w;
            try {
                w = queue.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (w == null) {
                continue;
            }
            CommException f = health.failure();
            if (f != null) {
                w.fail(f);
                continue;
            }
            w.startedNanos = System.nanoTime();
            running = w;
            try {
                w.op.run(Deadline.start(w.timeout));
                running = null;
                w.complete();
            } catch (Throwable t) {
                running = null;
                CommException cause = t instanceof CommException ce ? ce : health.awaitFailure(ROOT_CAUSE_WAIT);
                if (cause == null) {
                    cause = new CommException(w.name + " failed: " + t, ExitCodes.INTERNAL, t);
                }
                health.fail(cause);
                w.fail(health.failure());
            }
        }
    }

    /**
     * Backends that cannot watch their own deadline (failRunningOnAbort) get the stall report at
     * the timeout; the others only as a backstop, after they had time to report it themselves.
     */
    private void watch() {
        long slack = failRunningOnAbort ? 0 : GroupHealth.VERDICT_WAIT_NANOS + 2_000_000_000L;
        while (!closed && !health.failed()) {
            QueuedWork w = running;
            if (w != null && System.nanoTime() - w.startedNanos > w.timeout.toNanos() + slack && running == w) {
                try {
                    health.stalled(-1, new Deadline(w.startedNanos, w.timeout), w.name);
                } catch (CommException e) {
                    return; // the group failed: the abort hooks release the waiters
                }
            }
            try {
                Thread.sleep(100); // a periodic check, not a wait for a condition
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void failQueued() {
        CommException f = health.failure();
        QueuedWork w;
        while ((w = queue.poll()) != null) {
            w.fail(f);
        }
        QueuedWork r = running;
        if (r != null && failRunningOnAbort) {
            r.fail(f);
        }
    }

    /** The thread that runs the collectives (a segment handed to one must be accessible by it). */
    public Thread thread() {
        return worker;
    }

    /** True when called on this group's communication thread. */
    public boolean isCurrent() {
        return Thread.currentThread() == worker;
    }

    /** Stops taking work; queued collectives fail. Does not wait for a running one. */
    @Override
    public void close() {
        closed = true;
        QueuedWork w;
        while ((w = queue.poll()) != null) {
            w.fail(new CommException(w.name + ": the process group was closed before it ran", ExitCodes.USAGE));
        }
        worker.interrupt();
        watchdog.interrupt();
    }
}
