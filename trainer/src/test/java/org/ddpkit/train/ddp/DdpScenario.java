package org.ddpkit.train.ddp;

import org.ddpkit.train.loss.MseLoss;
import org.ddpkit.train.loss.NllLoss;
import org.ddpkit.train.models.MnistCnn;
import org.ddpkit.train.models.ToyModel;
import org.ddpkit.train.nn.Module;
import org.ddpkit.train.optim.Adadelta;
import org.ddpkit.train.optim.Optimizer;
import org.ddpkit.train.optim.Sgd;
import org.ddpkit.train.random.Generator;
import org.ddpkit.train.tensor.Tensor;

/**
 * A training run that a DDP world of N ranks with batch b each and one process with batch N·b
 * can both do: the data of step s is one global batch drawn from a fixed seed; rank r trains on
 * its rows {@code [r·b, (r+1)·b)}. The CNN runs in eval mode, so dropout (whose masks would
 * differ between the two) is off; everything else is training as usual.
 */
enum DdpScenario {
    /** ToyModel, SGD with momentum, MSE; one bucket per parameter, overlapped. */
    TOY(1, new DdpOptions(16, 16, true, true)),
    /** ToyModel with 3 micro-batches per step (2 inside noSync), reduction after backward. */
    TOY_ACCUMULATE(3, DdpOptions.defaults().withOverlap(false)),
    /** The MNIST CNN, Adadelta, NLL, PyTorch's default buckets (two: fc*, conv*), overlapped. */
    CNN(1, DdpOptions.defaults());

    static final long MODEL_SEED = 42;
    final int accumulate;
    final DdpOptions options;

    DdpScenario(int accumulate, DdpOptions options) {
        this.accumulate = accumulate;
        this.options = options;
    }

    /**
     * The steps this scenario takes when asked for {@code requested}: the CNN at most 2 (each of
     * its steps is ~1000× the ToyModel's work; two already use Adadelta's state and reduce the
     * buckets twice).
     */
    int steps(int requested) {
        return this == CNN ? Math.min(requested, 2) : requested;
    }

    String label() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /** The model as rank {@code rank} first builds it (each rank differently: DDP must copy rank 0's). */
    Module model(int rank) {
        Generator g = new Generator(MODEL_SEED + rank);
        return this == CNN ? new MnistCnn(g).eval() : new ToyModel(g);
    }

    Optimizer optimizer(Module m) {
        return this == CNN ? new Adadelta(m.parameters(), 1.0) : new Sgd(m.parameters(), 0.05, 0.9, 0.0);
    }

    /**
     * Forward and backward of micro-batch {@code micro} of step {@code step} on rows
     * {@code [from, from+rows)} of its global batch of {@code global} rows; returns the loss.
     */
    float forwardBackward(Module m, int step, int micro, int global, int from, int rows) {
        Generator g = new Generator(1000 + 100L * step + micro);
        if (this == CNN) {
            Tensor all = gaussian(g, global, 1, 28, 28);
            int[] labels = new int[global];
            for (int i = 0; i < global; i++) {
                labels[i] = g.nextInt(10);
            }
            int per = 28 * 28;
            Tensor x = Tensor.of(java.util.Arrays.copyOfRange(all.data(), from * per, (from + rows) * per), rows, 1, 28, 28);
            NllLoss nll = new NllLoss();
            float loss = nll.forward(m.forward(x), java.util.Arrays.copyOfRange(labels, from, from + rows));
            m.backward(nll.backward(), false);
            return loss;
        }
        Tensor all = gaussian(g, global, ToyModel.IN);
        Tensor target = gaussian(g, global, ToyModel.OUT);
        Tensor x = Tensor.of(java.util.Arrays.copyOfRange(all.data(), from * ToyModel.IN, (from + rows) * ToyModel.IN), rows, ToyModel.IN);
        Tensor t = Tensor.of(java.util.Arrays.copyOfRange(target.data(), from * ToyModel.OUT, (from + rows) * ToyModel.OUT),
                rows, ToyModel.OUT);
        MseLoss mse = new MseLoss();
        float loss = mse.forward(m.forward(x), t);
        m.backward(mse.backward(), false);
        return loss;
    }

    private static Tensor gaussian(Generator g, int... shape) {
        Tensor t = Tensor.zeros(shape);
        for (int i = 0; i < t.size(); i++) {
            t.data()[i] = g.nextGaussian();
        }
        return t;
    }

    /** One process training on the whole global batch: the reference DDP must match. */
    Module trainAlone(int steps, int globalBatch) {
        Module m = model(0);
        Optimizer opt = optimizer(m);
        for (int s = 0; s < steps(steps); s++) {
            opt.zeroGrad();
            for (int k = 0; k < accumulate; k++) {
                forwardBackward(m, s, k, globalBatch, 0, globalBatch);
            }
            opt.step();
        }
        return m;
    }

    /** This rank's part of a DDP run of {@code world} ranks with {@code batch} rows each. */
    DistributedDataParallel trainDistributed(org.ddpkit.comm.ProcessGroup group, int steps, int batch) {
        DistributedDataParallel ddp = new DistributedDataParallel(model(group.rank()), group, options);
        Optimizer opt = optimizer(ddp);
        int global = batch * group.size();
        int from = batch * group.rank();
        for (int s = 0; s < steps(steps); s++) {
            opt.zeroGrad();
            try (NoSync quiet = ddp.noSync()) {
                for (int k = 0; k < accumulate - 1; k++) {
                    forwardBackward(ddp, s, k, global, from, batch);
                }
            }
            forwardBackward(ddp, s, accumulate - 1, global, from, batch);
            opt.step();
        }
        return ddp;
    }
}
