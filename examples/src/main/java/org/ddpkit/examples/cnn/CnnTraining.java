package org.ddpkit.examples.cnn;

import java.io.PrintStream;
import java.util.Iterator;
import java.util.Locale;
import org.ddpkit.comm.ProcessGroup;
import org.ddpkit.comm.ReduceOp;
import org.ddpkit.train.data.Batch;
import org.ddpkit.train.data.DataLoader;
import org.ddpkit.train.data.DistributedSampler;
import org.ddpkit.train.data.MnistDataset;
import org.ddpkit.train.data.Normalization;
import org.ddpkit.train.data.SequentialSampler;
import org.ddpkit.train.ddp.DistributedDataParallel;
import org.ddpkit.train.kernels.ComputePool;
import org.ddpkit.train.loss.NllLoss;
import org.ddpkit.train.metrics.EvalResult;
import org.ddpkit.train.metrics.Evaluation;
import org.ddpkit.train.models.MnistCnn;
import org.ddpkit.train.optim.Adadelta;
import org.ddpkit.train.optim.StepLr;
import org.ddpkit.train.random.Generator;

/**
 * One rank's training state and loop: the CNN (its generator draws the weights, then the dropout
 * masks) under DDP, Adadelta and StepLR, a DistributedSampler over the training set (shuffled
 * from the seed and the epoch), and this rank's contiguous share of the test set.
 *
 * <p>{@link #trainEpoch} is a sequence of steps with a boundary after each optimizer step, where
 * every rank is at the same step: the place for decisions the ranks must take together
 * (stopping for a preemption, saving a step snapshot).
 */
final class CnnTraining {
    static final int TEST_BATCH = 1000;
    final Generator generator;
    final MnistCnn model;
    final DistributedDataParallel ddp;
    final Adadelta optimizer;
    final StepLr scheduler;
    final DataLoader trainLoader;
    final DataLoader testLoader;
    private final ProcessGroup group;
    private final CnnOptions options;
    private final NllLoss nll = new NllLoss();

    /**
     * The figures of one epoch on this rank.
     *
     * @param stoppedAt where the ranks agreed to stop before the epoch's end (a notice), else null
     */
    record EpochResult(double meanLoss, long samples, double seconds, TrainingPosition stoppedAt) {
        boolean stopped() {
            return stoppedAt != null;
        }
    }

    CnnTraining(CnnOptions o, ProcessGroup group, MnistDataset train, MnistDataset test, ComputePool pool) {
        this.options = o;
        this.group = group;
        this.generator = new Generator(o.seed());
        this.model = new MnistCnn(generator);
        this.ddp = new DistributedDataParallel(model, group);
        ddp.setComputePool(pool);
        this.optimizer = new Adadelta(ddp.parameters(), o.lr());
        optimizer.setComputePool(pool);
        this.scheduler = new StepLr(optimizer, 1, o.gamma());
        DistributedSampler sampler = new DistributedSampler(train.size(), group.size(), group.rank(), true, o.seed(), false);
        this.trainLoader = new DataLoader(train, o.batch(), sampler, false, Normalization.MNIST);
        int from = (int) ((long) test.size() * group.rank() / group.size());
        int to = (int) ((long) test.size() * (group.rank() + 1) / group.size());
        MnistDataset shard = test.subset(from, to - from);
        this.testLoader = new DataLoader(shard, TEST_BATCH, new SequentialSampler(shard.size()), false, Normalization.MNIST);
    }

    /**
     * Trains epoch {@code epoch} (from 1) from step {@code from.step() + 1} on (a resumed
     * snapshot's; else from the start), printing {@code Epoch [e/E], Batch [b/B], Loss: x} every
     * {@code --log-interval} batches; rank 0 also feeds {@code progress}. After each step every
     * rank passes {@code boundary}, which may stop the epoch there.
     *
     * @param from where to begin with this rank's running loss sum and seconds, or null for the epoch's start
     */
    EpochResult trainEpoch(int epoch, Resumed from, PrintStream out, ProgressReport progress, StepBoundary boundary)
            throws java.io.IOException {
        ddp.train();
        trainLoader.setEpoch(epoch);
        int batches = trainLoader.numBatches();
        int first = from == null ? 0 : from.position().step();
        progress.epochStarted(epoch);
        long t0 = System.nanoTime();
        double before = from == null ? 0 : from.epochSeconds();
        double lossSum = from == null ? 0 : from.lossSum();
        long samples = Math.min((long) first * options.batch(), trainLoader.sampler().length());
        for (Iterator<Batch> it = trainLoader.batches(first); it.hasNext(); ) {
            Batch b = it.next();
            float loss = step(b);
            lossSum += loss;
            samples += b.size();
            int done = b.number() + 1;
            // Step boundary: every rank has taken this step.
            if (done % options.logInterval() == 0) {
                out.printf(Locale.ROOT, "Epoch [%d/%d], Batch [%d/%d], Loss: %.4f%n", epoch, options.epochs(), done, batches, loss);
            }
            progress.batchDone(done, (long) b.size() * group.size());
            TrainingPosition here = new TrainingPosition(epoch, done);
            if (boundary.reached(here, lossSum, before + (System.nanoTime() - t0) / 1e9)) {
                return new EpochResult(lossSum / done, samples, before + (System.nanoTime() - t0) / 1e9, here);
            }
        }
        progress.epochEnded();
        return new EpochResult(batches == 0 ? 0 : lossSum / batches, samples, before + (System.nanoTime() - t0) / 1e9, null);
    }

    /**
     * Every rank's {@code mine} (a loss sum), exactly: each double goes as four 16-bit pieces,
     * which floats hold without rounding. A collective.
     */
    double[] allRanks(double mine) {
        long bits = Double.doubleToRawLongBits(mine);
        float[] send = new float[4];
        for (int i = 0; i < 4; i++) {
            send[i] = (bits >>> (16 * i)) & 0xFFFF;
        }
        float[] recv = new float[4 * group.size()];
        group.allGather(send, recv);
        double[] out = new double[group.size()];
        for (int r = 0; r < out.length; r++) {
            long v = 0;
            for (int i = 0; i < 4; i++) {
                v |= ((long) recv[4 * r + i]) << (16 * i);
            }
            out[r] = Double.longBitsToDouble(v);
        }
        return out;
    }

    /** One training step; returns the batch's loss on this rank. */
    private float step(Batch b) {
        optimizer.zeroGrad();
        float loss = nll.forward(ddp.forward(b.images()), b.labels());
        ddp.backward(nll.backward(), false);
        optimizer.step();
        return loss;
    }

    /** The test loss and accuracy over the whole test set: each rank scores its share, then all add up. */
    EvalResult evaluate() {
        EvalResult mine = Evaluation.evaluate(model, testLoader);
        float[] sums = {(float) (mine.meanLoss() * mine.total()), mine.correct(), mine.total()};
        group.allReduce(sums, ReduceOp.SUM);
        long total = (long) sums[2];
        return new EvalResult(total == 0 ? 0 : sums[0] / total, (long) sums[1], total);
    }

    /** The ranks' mean of {@code meanLoss} and the sum of {@code samples}: {@code [loss, samples]}. */
    double[] acrossRanks(EpochResult r) {
        float[] v = {(float) r.meanLoss(), r.samples()};
        group.allReduce(v, ReduceOp.SUM);
        return new double[] {v[0] / group.size(), v[1]};
    }
}
