package org.ddpkit.train.kernels;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A fixed team of platform threads that runs parallel loops with a static split: with
 * {@code T} threads, worker {@code w} always gets items {@code [n·w/T, n·(w+1)/T)}, and the
 * caller's thread is worker 0. The same inputs and thread count therefore always give the same
 * work to the same worker, which is what makes training bit-reproducible.
 *
 * <p>Workers spin briefly between loops (a training step runs a few dozen of them, tens of
 * microseconds apart) and then park. A task must not start another loop on the same pool.
 */
public final class ComputePool implements AutoCloseable {
    private static final ComputePool SERIAL = new ComputePool(1);
    private static final long SPIN_NANOS = 50_000;

    private final int threads;
    private final Thread[] workers;
    private final ReentrantLock lock = new ReentrantLock();
    private final AtomicInteger pending = new AtomicInteger();
    private volatile int generation;
    private volatile boolean closed;
    private volatile Thread caller;
    private volatile Throwable failure;
    private RangeTask task;
    private int total;

    private ComputePool(int threads) {
        this.threads = threads;
        this.workers = new Thread[threads - 1];
        for (int i = 1; i < threads; i++) {
            int index = i;
            Thread t = Thread.ofPlatform().daemon().name("ddpkit-compute-" + i).unstarted(() -> workerLoop(index));
            workers[i - 1] = t;
        }
        for (Thread t : workers) {
            t.start();
        }
    }

    /** A pool of {@code threads} workers (the caller counts as one). */
    public static ComputePool create(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("--threads: must be ≥ 1, got \"" + threads + "\"");
        }
        return threads == 1 ? SERIAL : new ComputePool(threads);
    }

    /** The shared one-thread pool: loops run on the caller's thread. */
    public static ComputePool serial() {
        return SERIAL;
    }

    public int threads() {
        return threads;
    }

    /** First item of worker {@code w}'s share of {@code n} items split over {@code parts}. */
    public static int chunkStart(int n, int w, int parts) {
        return (int) ((long) n * w / parts);
    }

    /** Runs {@code body} over {@code [0, n)} split statically over the workers; returns when all are done. */
    public void forRange(int n, RangeTask body) {
        if (n <= 0) {
            return;
        }
        if (threads == 1) {
            body.run(0, 0, n);
            return;
        }
        if (lock.isHeldByCurrentThread() || isWorker(Thread.currentThread())) {
            throw new IllegalStateException("a ComputePool task started another loop on the pool");
        }
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("ComputePool is closed");
            }
            task = body;
            total = n;
            failure = null;
            caller = Thread.currentThread();
            pending.set(threads - 1);
            generation++;
            for (Thread t : workers) {
                LockSupport.unpark(t);
            }
            try {
                body.run(0, 0, chunkStart(n, 1, threads));
            } catch (RuntimeException | Error e) {
                awaitWorkers();
                throw e;
            }
            awaitWorkers();
            Throwable f = failure;
            if (f instanceof RuntimeException re) {
                throw re;
            } else if (f instanceof Error err) {
                throw err;
            } else if (f != null) {
                throw new IllegalStateException(f);
            }
        } finally {
            task = null;
            lock.unlock();
        }
    }

    private boolean isWorker(Thread t) {
        for (Thread w : workers) {
            if (w == t) {
                return true;
            }
        }
        return false;
    }

    private void awaitWorkers() {
        long start = System.nanoTime();
        while (pending.get() != 0) {
            if (System.nanoTime() - start < SPIN_NANOS) {
                Thread.onSpinWait();
            } else {
                LockSupport.parkNanos(this, 100_000);
            }
        }
    }

    private void workerLoop(int index) {
        int seen = 0;
        while (true) {
            long start = System.nanoTime();
            int g;
            while ((g = generation) == seen) {
                if (closed) {
                    return;
                }
                if (System.nanoTime() - start < SPIN_NANOS) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                }
            }
            seen = g;
            RangeTask body = task;
            int n = total;
            try {
                body.run(index, chunkStart(n, index, threads), chunkStart(n, index + 1, threads));
            } catch (Throwable t) {
                if (failure == null) {
                    failure = t;
                }
            }
            if (pending.decrementAndGet() == 0) {
                LockSupport.unpark(caller);
            }
        }
    }

    /** Stops the worker threads (the serial pool cannot be closed and ignores this). */
    @Override
    public void close() {
        if (this == SERIAL) {
            return;
        }
        closed = true;
        for (Thread t : workers) {
            LockSupport.unpark(t);
        }
    }
}
