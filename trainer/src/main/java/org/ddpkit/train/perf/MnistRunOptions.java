package org.ddpkit.train.perf;

import java.nio.file.Path;
import java.util.List;
import org.ddpkit.train.data.DatasetKind;

/**
 * A {@code train-mnist} run: pytorch/examples' MNIST recipe (Adadelta, StepLR) on MNIST or
 * Fashion-MNIST.
 *
 * @param dataset   which dataset
 * @param dataDir   where its IDX files are
 * @param epochs    epochs to train
 * @param batch     training batch size
 * @param lr        Adadelta's learning rate
 * @param gamma     StepLR's decay per epoch
 * @param threads   compute threads
 * @param seed      seed of weights, dropout and shuffling
 * @param limit     train on the first {@code limit} samples only (0: all)
 * @param testLimit test on the first {@code testLimit} samples only (0: all)
 */
public record MnistRunOptions(DatasetKind dataset, Path dataDir, int epochs, int batch, double lr, double gamma,
        int threads, long seed, int limit, int testLimit) {
    public static final String USAGE = "usage: train-mnist [--dataset mnist|fashion-mnist] [--data-dir DIR] [--epochs N]"
            + " [--batch N] [--lr X] [--gamma X] [--threads T] [--seed S] [--limit N] [--test-limit N]";

    public MnistRunOptions {
        if (epochs < 1) {
            throw new IllegalArgumentException("--epochs: must be ≥ 1, got \"" + epochs + "\"");
        }
        if (batch < 1) {
            throw new IllegalArgumentException("--batch: must be ≥ 1, got \"" + batch + "\"");
        }
        if (!(lr > 0)) {
            throw new IllegalArgumentException("--lr: must be > 0, got \"" + lr + "\"");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("--threads: must be ≥ 1, got \"" + threads + "\"");
        }
        if (limit < 0 || testLimit < 0) {
            throw new IllegalArgumentException("--limit/--test-limit: must be ≥ 0, got \"" + Math.min(limit, testLimit) + "\"");
        }
    }

    /** Parses the command line; the data directory defaults to the dataset's packaged copy, else data/NAME. */
    public static MnistRunOptions parse(List<String> args) throws UsageException {
        Flags f = Flags.parse(args, List.of("--dataset", "--data-dir", "--epochs", "--batch", "--lr", "--gamma",
                "--threads", "--seed", "--limit", "--test-limit"), USAGE);
        try {
            DatasetKind kind = DatasetKind.parse("--dataset", f.string("--dataset", "fashion-mnist"));
            String dflt = kind.packagedDirectory().map(Path::toString).orElse("data/" + kind.cliName());
            return new MnistRunOptions(kind, Path.of(f.string("--data-dir", dflt)), f.integer("--epochs", 1),
                    f.integer("--batch", 64), f.number("--lr", 1.0), f.number("--gamma", 0.7), f.integer("--threads", 1),
                    f.integer("--seed", 1), f.integer("--limit", 0), f.integer("--test-limit", 0));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
