package org.ddpkit.train.kernels;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A fixed team of platform threads (the caller's thread is worker 0) that runs parallel loops
 * over chunks claimed dynamically: a worker that the OS deschedules holds up only its current
 * chunk, the others take the rest. Chunk boundaries never depend on the thread count
 * ({@link #forChunks}) and every item is computed the same way whoever runs it, so results do
 * not depend on the number of threads or on which thread ran what: sums across items are
 * made per chunk and added in chunk order by the caller.
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
    private final AtomicInteger nextChunk = new AtomicInteger();
    private ChunkTask task;
    private int total;
    private int chunks;

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

    /** First item of chunk {@code c} when {@code n} items are cut into {@code parts} chunks. */
    public static int chunkStart(int n, int c, int parts) {
        return (int) ((long) n * c / parts);
    }

    /**
     * Runs {@code body} over {@code [0, n)} in pieces claimed by the workers (a few per worker);
     * returns when all are done. For loops whose items are independent.
     */
    public void forRange(int n, RangeTask body) {
        if (n <= 0) {
            return;
        }
        if (threads == 1) {
            body.run(0, 0, n);
            return;
        }
        forChunks(n, Math.min(n, 4 * threads), (w, c, s, e) -> body.run(w, s, e));
    }

    /**
     * Runs {@code body} for each of {@code chunks} chunks of {@code [0, n)} (chunk {@code c}
     * is {@code [chunkStart(n, c, chunks), chunkStart(n, c + 1, chunks))}, whatever the thread
     * count), claimed dynamically by the workers; returns when all are done.
     */
    public void forChunks(int n, int chunks, ChunkTask body) {
        if (n <= 0) {
            return;
        }
        if (chunks < 1 || chunks > n) {
            throw new IllegalArgumentException("chunks: must be in [1, " + n + "], got \"" + chunks + "\"");
        }
        if (threads == 1) {
            for (int c = 0; c < chunks; c++) {
                body.run(0, c, chunkStart(n, c, chunks), chunkStart(n, c + 1, chunks));
            }
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
            this.chunks = chunks;
            nextChunk.set(0);
            failure = null;
            caller = Thread.currentThread();
            pending.set(threads - 1);
            generation++;
            for (Thread t : workers) {
                LockSupport.unpark(t);
            }
            try {
                runChunks(0, body, n, chunks);
            } catch (RuntimeException | Error e) {
                nextChunk.set(chunks);
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

    /** Claims and runs chunks until none are left. */
    private void runChunks(int worker, ChunkTask body, int n, int count) {
        int c;
        while ((c = nextChunk.getAndIncrement()) < count) {
            body.run(worker, c, chunkStart(n, c, count), chunkStart(n, c + 1, count));
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
            ChunkTask body = task;
            int n = total, count = chunks;
            try {
                runChunks(index, body, n, count);
            } catch (Throwable t) {
                if (failure == null) {
                    failure = t;
                }
                nextChunk.set(count);
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
