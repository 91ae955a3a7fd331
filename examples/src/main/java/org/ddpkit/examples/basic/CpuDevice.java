package org.ddpkit.examples.basic;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A CPU stand-in for one GPU of the model-parallel demo: its own thread, on which all the work of
 * the layers placed on it runs (as a GPU runs its stream), named {@code cpu:INDEX}. Tensors move
 * between devices by copy, as {@code tensor.to(device)} copies between GPUs.
 */
public final class CpuDevice implements AutoCloseable {
    private final int index;
    private final ExecutorService thread;

    public CpuDevice(int index) {
        if (index < 0) {
            throw new IllegalArgumentException("device index: must be ≥ 0, got \"" + index + "\"");
        }
        this.index = index;
        this.thread = Executors.newSingleThreadExecutor(r -> Thread.ofPlatform().daemon().name(name()).unstarted(r));
    }

    public int index() {
        return index;
    }

    /** {@code cpu:INDEX}. */
    public String name() {
        return "cpu:" + index;
    }

    /** Runs {@code work} on this device's thread and returns its result. */
    public <T> T run(Callable<T> work) {
        Future<T> f = thread.submit(work);
        try {
            return f.get();
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) {
                throw re;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("work on " + name() + " failed", c);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + name(), e);
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }

    @Override
    public String toString() {
        return name();
    }
}
