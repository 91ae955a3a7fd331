package org.ddpkit.train.ddp;

import java.lang.foreign.Arena;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.zip.CRC32;
import org.ddpkit.comm.ProcessGroup;
import org.ddpkit.train.nn.Module;
import org.ddpkit.train.nn.Parameter;
import org.ddpkit.train.tensor.Tensor;

/**
 * PyTorch's {@code DistributedDataParallel} for ddpkit modules: every rank holds a replica of the
 * model, trains it on its own share of each batch, and after each backward pass holds the
 * gradients averaged over all ranks, so the replicas take identical optimizer steps.
 *
 * <pre>{@code
 * var ddp = new DistributedDataParallel(model, group);        // rank 0's weights everywhere
 * ddp.setComputePool(pool);                                   // (wrapping resets the model's pool)
 * var opt = new Sgd(ddp.parameters(), 0.001);
 * opt.zeroGrad();
 * Tensor out = ddp.forward(x);
 * ddp.backward(loss.backward(), false);                       // returns with averaged gradients
 * opt.step();
 * }</pre>
 *
 * <p>How: the gradients are grouped into buckets (reverse parameter order, the order backward
 * produces them; see {@link BucketAssignment}), each with one native buffer made once. A hook on
 * every parameter copies its gradient into its bucket when the layer's backward has written it;
 * a bucket whose gradients are all in is all-reduced (average) asynchronously, in bucket order on
 * every rank, while backward goes on with the layers before. {@link #backward} ends by waiting
 * for the last buckets and copying the averages back ({@link #finishGradSync()}).
 *
 * <p>The wrapped model is this module's child {@code module}, so {@link #stateDict()} names
 * {@code module.conv1.weight} what the model names {@code conv1.weight}, as in PyTorch. Inside
 * {@link #noSync()} gradients only accumulate locally (gradient accumulation); the first
 * backward after it averages everything accumulated. Parameters a backward did not reach are
 * averaged with whatever gradient they hold (zero after {@code zeroGrad}).
 *
 * <p>Not thread-safe: one training loop per wrapper (a model's layers may run their backward on
 * other threads, one after the other, as {@code ToyMpModel}'s devices do).
 */
public final class DistributedDataParallel extends Module implements AutoCloseable {
    private final Module module;
    private final ProcessGroup group;
    private final DdpOptions options;
    private final Arena arena = Arena.ofShared();
    private final GradBucket[] buckets;
    private final Parameter[] params;
    private final Map<Parameter, Integer> indexOf = new IdentityHashMap<>();
    private final int[] bucketOf;
    private final int[] slotOf;
    private final boolean[] ready;
    private final Consumer<Parameter> hook = this::onGradReady;
    private boolean syncEnabled = true;
    private boolean passStarted;
    private int nextLaunch;
    private boolean closed;

    /** Wraps {@code module} with {@link DdpOptions#defaults()}. Collective: every rank must call it. */
    public DistributedDataParallel(Module module, ProcessGroup group) {
        this(module, group, DdpOptions.defaults());
    }

    /**
     * Wraps {@code module}: checks that every rank has the same parameter names and shapes, copies
     * rank 0's values to all ranks and installs the gradient hooks. Collective: every rank must
     * call it. The model keeps its train/eval mode; its compute pool becomes this wrapper's
     * (serial until {@link #setComputePool} is called on the wrapper or the model).
     *
     * @throws IllegalStateException when the ranks' models differ (on every rank alike)
     */
    public DistributedDataParallel(Module module, ProcessGroup group, DdpOptions options) {
        Objects.requireNonNull(module, "module");
        this.group = Objects.requireNonNull(group, "group");
        this.options = Objects.requireNonNull(options, "options");
        boolean training = module.isTraining();
        this.module = registerModule("module", module);
        train(training);
        List<Parameter> ps = module.parameters();
        if (ps.isEmpty()) {
            throw new IllegalArgumentException("DistributedDataParallel: the module has no parameters to train");
        }
        this.params = ps.toArray(new Parameter[0]);
        for (int i = 0; i < params.length; i++) {
            if (indexOf.put(params[i], i) != null) {
                throw new IllegalArgumentException("DistributedDataParallel: a parameter is registered twice in the module");
            }
        }
        this.bucketOf = new int[params.length];
        this.slotOf = new int[params.length];
        this.ready = new boolean[params.length];
        this.buckets = buildBuckets();
        checkSameModel(module);
        if (options.broadcastParameters() && group.size() > 1) {
            for (GradBucket b : buckets) {
                b.broadcastValues(group, 0);
            }
        }
        for (Parameter p : params) {
            p.addGradReadyHook(hook);
        }
    }

    private GradBucket[] buildBuckets() {
        long[] bytes = new long[params.length];
        for (int k = 0; k < params.length; k++) {
            bytes[k] = (long) params[params.length - 1 - k].size() * Float.BYTES;
        }
        List<int[]> plan = BucketAssignment.assign(bytes, options.firstBucketCapBytes(), options.bucketCapBytes());
        GradBucket[] out = new GradBucket[plan.size()];
        for (int b = 0; b < out.length; b++) {
            int[] members = plan.get(b);
            Parameter[] ps = new Parameter[members.length];
            for (int s = 0; s < members.length; s++) {
                int index = params.length - 1 - members[s];
                ps[s] = params[index];
                bucketOf[index] = b;
                slotOf[index] = s;
            }
            out[b] = new GradBucket(b, ps, arena);
        }
        return out;
    }

    /** Every rank compares a checksum of its parameter names and shapes with rank 0's. */
    private void checkSameModel(Module m) {
        if (group.size() == 1) {
            return;
        }
        CRC32 crc = new CRC32();
        m.namedParameters().forEach((name, p) ->
                crc.update((name + Arrays.toString(p.data().shape()) + ";").getBytes(StandardCharsets.UTF_8)));
        long c = crc.getValue();
        float[] mine = {(float) (c >>> 16), (float) (c & 0xFFFF), (float) Math.min(params.length, 1 << 24)};
        float[] all = new float[mine.length * group.size()];
        group.allGather(mine, all);
        List<Integer> differ = new ArrayList<>();
        for (int r = 1; r < group.size(); r++) {
            if (!Arrays.equals(all, r * mine.length, (r + 1) * mine.length, all, 0, mine.length)) {
                differ.add(r);
            }
        }
        if (!differ.isEmpty()) {
            throw new IllegalStateException("DistributedDataParallel: the model on rank(s) " + differ
                    + " has other parameter names or shapes than on rank 0; every rank must build the same model");
        }
    }

    /** The wrapped model (PyTorch's {@code ddp.module}). */
    public Module module() {
        return module;
    }

    public ProcessGroup group() {
        return group;
    }

    public DdpOptions options() {
        return options;
    }

    /** The number of floats in each bucket, in reduction order. */
    public List<Long> bucketSizes() {
        return Arrays.stream(buckets).map(GradBucket::floats).toList();
    }

    /** The parameter names of each bucket, in reduction order (without the {@code module.} prefix). */
    public List<List<String>> bucketParameterNames() {
        Map<Parameter, String> names = new IdentityHashMap<>();
        module.namedParameters().forEach((n, p) -> names.put(p, n));
        List<List<String>> out = new ArrayList<>();
        for (GradBucket b : buckets) {
            List<String> ns = new ArrayList<>();
            for (int s = 0; s < b.parameterCount(); s++) {
                ns.add(names.get(b.parameter(s)));
            }
            out.add(List.copyOf(ns));
        }
        return List.copyOf(out);
    }

    @Override
    public Tensor forward(Tensor input) {
        checkOpen();
        if (passStarted) {
            throw new IllegalStateException("DistributedDataParallel: the previous backward's gradients were not "
                    + "averaged; call backward on the wrapper, or finishGradSync() after backward on the wrapped module");
        }
        return module.forward(input);
    }

    /**
     * Back-propagates through the model; outside {@link #noSync()} it returns once the gradients
     * hold their averages over all ranks. Collective outside {@code noSync()}.
     */
    @Override
    public Tensor backward(Tensor gradOutput, boolean inputGrad) {
        checkOpen();
        Tensor g = module.backward(gradOutput, inputGrad);
        if (syncEnabled) {
            finishGradSync();
        }
        return g;
    }

    /**
     * Ends a pass: copies in the gradients no backward marked ready, starts the buckets not yet
     * started (in bucket order, as on every rank), waits for all and copies the averages back.
     * {@link #backward} calls it; call it yourself after running backward on the wrapped model
     * directly. Collective. Does nothing inside {@link #noSync()}.
     */
    public void finishGradSync() {
        checkOpen();
        if (!syncEnabled) {
            return;
        }
        try {
            for (int i = 0; i < params.length; i++) {
                if (!ready[i]) {
                    markReady(i);
                }
            }
            launchReadyBuckets();
            for (GradBucket b : buckets) {
                b.finish();
            }
        } catch (RuntimeException e) {
            for (GradBucket b : buckets) {
                b.reset();
            }
            throw e;
        } finally {
            Arrays.fill(ready, false);
            nextLaunch = 0;
            passStarted = false;
        }
    }

    /**
     * Turns gradient averaging off until the returned scope is closed: backward passes only
     * accumulate gradients locally (PyTorch's {@code no_sync()}). Use it for all but the last
     * micro-batch of an accumulated step:
     * <pre>{@code
     * try (var s = ddp.noSync()) { for (...) { ddp.forward(x); ddp.backward(g, false); } }
     * ddp.forward(last); ddp.backward(g, false);     // averages everything accumulated
     * }</pre>
     */
    public NoSync noSync() {
        checkOpen();
        if (passStarted) {
            throw new IllegalStateException("DistributedDataParallel: noSync() in the middle of a synchronized backward pass");
        }
        NoSync scope = new NoSync(this, syncEnabled);
        syncEnabled = false;
        return scope;
    }

    void endNoSync(boolean previous) {
        syncEnabled = previous;
    }

    /** True outside {@link #noSync()}. */
    public boolean syncEnabled() {
        return syncEnabled;
    }

    private synchronized void onGradReady(Parameter p) {
        if (!syncEnabled || closed) {
            return;
        }
        Integer i = indexOf.get(p);
        if (ready[i]) {
            throw new IllegalStateException("DistributedDataParallel: parameter " + i + " was marked ready twice in one "
                    + "backward pass (a parameter used twice in forward is not supported)");
        }
        passStarted = true;
        if (options.overlap()) {
            markReady(i);
            launchReadyBuckets();
        }
    }

    private void markReady(int i) {
        ready[i] = true;
        buckets[bucketOf[i]].copyIn(slotOf[i]);
    }

    /** Starts the full buckets that come next in bucket order. */
    private void launchReadyBuckets() {
        while (nextLaunch < buckets.length && buckets[nextLaunch].full()) {
            buckets[nextLaunch].launch(group);
            nextLaunch++;
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("DistributedDataParallel: the wrapper is closed");
        }
    }

    /** Removes the hooks and frees the buckets' memory (the process group stays open). */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Parameter p : params) {
            p.removeGradReadyHook(hook);
        }
        for (GradBucket b : buckets) {
            b.reset();
        }
        arena.close();
    }
}
