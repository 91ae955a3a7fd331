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

    /** The figures of one epoch on this rank. */
    record EpochResult(double meanLoss, long samples, double seconds) {}

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
     * Trains epoch {@code epoch} (from 1), printing {@code Epoch [e/E], Batch [b/B], Loss: x}
     * every {@code --log-interval} batches; rank 0 also feeds {@code progress}.
     */
    EpochResult trainEpoch(int epoch, PrintStream out, ProgressReport progress) {
        ddp.train();
        trainLoader.setEpoch(epoch);
        int batches = trainLoader.numBatches();
        progress.epochStarted(epoch);
        long t0 = System.nanoTime();
        double lossSum = 0;
        long samples = 0;
        for (Iterator<Batch> it = trainLoader.batches(0); it.hasNext(); ) {
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
        }
        progress.epochEnded();
        return new EpochResult(batches == 0 ? 0 : lossSum / batches, samples, (System.nanoTime() - t0) / 1e9);
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
