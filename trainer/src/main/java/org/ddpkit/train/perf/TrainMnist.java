package org.ddpkit.train.perf;

import java.io.PrintStream;
import java.util.List;
import org.ddpkit.train.data.Batch;
import org.ddpkit.train.data.DataLoader;
import org.ddpkit.train.data.IdxFormatException;
import org.ddpkit.train.data.MnistDataset;
import org.ddpkit.train.data.Normalization;
import org.ddpkit.train.data.RandomSampler;
import org.ddpkit.train.data.SequentialSampler;
import org.ddpkit.train.kernels.ComputePool;
import org.ddpkit.train.loss.NllLoss;
import org.ddpkit.train.metrics.EvalResult;
import org.ddpkit.train.metrics.Evaluation;
import org.ddpkit.train.models.MnistCnn;
import org.ddpkit.train.optim.Adadelta;
import org.ddpkit.train.optim.StepLr;
import org.ddpkit.train.random.Generator;

/**
 * {@code train-mnist}: pytorch/examples' MNIST example in one process (CNN, Adadelta lr 1.0,
 * StepLR γ 0.7, batch 64, test batch 1000, shuffled training set), printing its lines, then
 * {@code accuracy=A train_seconds=T samples_per_s=R}. A bad dataset file exits 65 with one line
 * naming it.
 */
public final class TrainMnist {
    private TrainMnist() {}

    public static void main(String[] args) {
        try {
            run(MnistRunOptions.parse(List.of(args)), System.out);
        } catch (UsageException e) {
            System.err.println("train-mnist: " + e.getMessage());
            System.exit(e.exitCode());
        } catch (IdxFormatException e) {
            System.err.println("train-mnist: " + e.getMessage());
            System.exit(e.exitCode());
        }
    }

    /** Trains and evaluates; returns the last epoch's test result. */
    public static EvalResult run(MnistRunOptions o, PrintStream out) throws IdxFormatException {
        MnistDataset train = MnistDataset.load(o.dataDir(), MnistDataset.Split.TRAIN);
        MnistDataset test = MnistDataset.load(o.dataDir(), MnistDataset.Split.TEST);
        if (o.limit() > 0) {
            train = train.subset(0, Math.min(o.limit(), train.size()));
        }
        if (o.testLimit() > 0) {
            test = test.subset(0, Math.min(o.testLimit(), test.size()));
        }
        Generator g = new Generator(o.seed());
        MnistCnn model = new MnistCnn(g);
        DataLoader trainLoader = new DataLoader(train, o.batch(), new RandomSampler(train.size(), o.seed()), false, Normalization.MNIST);
        DataLoader testLoader = new DataLoader(test, 1000, new SequentialSampler(test.size()), false, Normalization.MNIST);
        NllLoss nll = new NllLoss();
        EvalResult result = null;
        long trainNanos = 0, samples = 0;
        try (ComputePool pool = ComputePool.create(o.threads())) {
            model.setComputePool(pool);
            Adadelta opt = new Adadelta(model.parameters(), o.lr());
            opt.setComputePool(pool);
            StepLr sched = new StepLr(opt, 1, o.gamma());
            out.printf("train-mnist: %s from %s, %,d train / %,d test samples, %d thread(s)%n",
                    o.dataset().cliName(), o.dataDir(), train.size(), test.size(), o.threads());
            for (int epoch = 1; epoch <= o.epochs(); epoch++) {
                model.train();
                trainLoader.setEpoch(epoch);
                long t0 = System.nanoTime();
                for (Batch b : trainLoader) {
                    opt.zeroGrad();
                    float loss = nll.forward(model.forward(b.images()), b.labels());
                    model.backward(nll.backward(), false);
                    opt.step();
                    samples += b.size();
                    if (b.number() % 100 == 0) {
                        int seen = b.number() * o.batch();
                        out.printf("Train Epoch: %d [%d/%d (%.0f%%)]\tLoss: %.6f%n", epoch, seen, train.size(),
                                100.0 * b.number() / trainLoader.numBatches(), loss);
                    }
                }
                trainNanos += System.nanoTime() - t0;
                result = Evaluation.evaluate(model, testLoader);
                out.println();
                out.println(result);
                out.println();
                sched.step();
            }
        }
        double secs = trainNanos / 1e9;
        out.printf("accuracy=%.4f train_seconds=%.1f samples_per_s=%.1f%n", result.accuracy(), secs, samples / secs);
        return result;
    }
}
