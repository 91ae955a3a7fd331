package org.ddpkit.comm.core;

import org.ddpkit.comm.CommException;
import org.ddpkit.comm.ExitCodes;
import org.ddpkit.comm.Work;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A collective queued on the {@link CommThread}; completes normally or with the group's failure. */
final class QueuedWork implements Work {
    final String name;
    final Duration timeout;
    final CollectiveOp op;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    volatile long startedNanos;

    QueuedWork(String name, Duration timeout, CollectiveOp op) {
        this.name = name;
        this.timeout = timeout;
        this.op = op;
    }

    void complete() {
        done.complete(null);
    }

    void fail(CommException e) {
        done.completeExceptionally(e);
    }

    @Override
    public boolean isDone() {
        return done.isDone();
    }

    @Override
    public void await() {
        try {
            done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommException("interrupted while waiting for " + name, ExitCodes.INTERNAL, e);
        } catch (ExecutionException e) {
            throw (CommException) e.getCause();
        }
    }

    @Override
    public boolean await(Duration max) {
        try {
            done.get(max.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommException("interrupted while waiting for " + name, ExitCodes.INTERNAL, e);
        } catch (ExecutionException e) {
            throw (CommException) e.getCause();
        }
    }
}
