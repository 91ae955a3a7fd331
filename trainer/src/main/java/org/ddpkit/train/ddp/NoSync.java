package org.ddpkit.train.ddp;

/**
 * The scope of {@link DistributedDataParallel#noSync()}: while it is open, backward passes
 * accumulate gradients without averaging them; closing it restores the previous mode.
 */
public final class NoSync implements AutoCloseable {
    private final DistributedDataParallel ddp;
    private final boolean previous;
    private boolean closed;

    NoSync(DistributedDataParallel ddp, boolean previous) {
        this.ddp = ddp;
        this.previous = previous;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            ddp.endNoSync(previous);
        }
    }
}
