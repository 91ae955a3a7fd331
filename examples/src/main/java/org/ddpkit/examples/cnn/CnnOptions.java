package org.ddpkit.examples.cnn;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.ddpkit.examples.Distributed;
import org.ddpkit.examples.cli.Flags;
import org.ddpkit.examples.cli.UsageException;
import org.ddpkit.train.data.DatasetKind;

/**
 * An {@code elastic-ddp-cnn} run: pytorch/examples' MNIST recipe (batch 64 per rank, Adadelta lr
 * 1.0, StepLR γ 0.7 per epoch, test batch 1000).
 *
 * @param dataset       mnist or fashion-mnist
 * @param dataDir       where its IDX files are
 * @param epochs        epochs to train (in all, counting those of a resumed snapshot)
 * @param batch         training batch per rank
 * @param lr            Adadelta's learning rate
 * @param gamma         StepLR's decay per epoch
 * @param seed          seed of the weights, dropout and the sampler's shuffling
 * @param threads       compute threads per rank
 * @param limit         train on the first {@code limit} samples only (0: all)
 * @param testLimit     test on the first {@code testLimit} samples only (0: all)
 * @param logInterval   print the loss every this many batches
 * @param snapshot      snapshot directory: resumed from when it exists, saved as {@code saveEvery} says (null: none)
 * @param saveEvery     how often rank 0 saves a snapshot (steps or epochs)
 * @param saveModel     where rank 0 writes the final state dict at the end (null: nowhere)
 * @param timeout       collective timeout in seconds
 * @param outDir        where rank 0 writes metrics.csv and metrics.png (null: the default, see {@link RunDirectory})
 * @param backend       process-group backend
 * @param progress      how rank 0 shows progress
 */
public record CnnOptions(DatasetKind dataset, Path dataDir, int epochs, int batch, double lr, double gamma, long seed,
                         int threads, int limit, int testLimit, int logInterval, Path snapshot, SaveEvery saveEvery, Path saveModel,
                         int timeout, Path outDir, String backend, ProgressMode progress) {
    static final Set<String> FLAGS = Set.of("--dataset", "--data-dir", "--epochs", "--batch-size", "--lr", "--gamma", "--seed",
            "--threads", "--limit", "--test-limit", "--log-interval", "--snapshot", "--save-every", "--save-model", "--timeout",
            "--out-dir", "--backend", "--progress");
    /** The default collective timeout in seconds (GroupOptions' default). */
    static final int DEFAULT_TIMEOUT = 300;

    public CnnOptions {
        positive("--epochs", epochs);
        positive("--batch-size", batch);
        positive("--threads", threads);
        positive("--log-interval", logInterval);
        positive("--timeout", timeout);
        java.util.Objects.requireNonNull(saveEvery, "saveEvery");
        if (limit < 0) {
            throw new IllegalArgumentException("--limit: must be ≥ 0, got \"" + limit + "\"");
        }
        if (testLimit < 0) {
            throw new IllegalArgumentException("--test-limit: must be ≥ 0, got \"" + testLimit + "\"");
        }
        if (!(lr > 0)) {
            throw new IllegalArgumentException("--lr: must be > 0, got \"" + lr + "\"");
        }
        if (!(gamma > 0 && gamma <= 1)) {
            throw new IllegalArgumentException("--gamma: must be in (0, 1], got \"" + gamma + "\"");
        }
        if (!Distributed.BACKENDS.contains(backend)) {
            throw new IllegalArgumentException("--backend: must be one of " + String.join(", ", Distributed.BACKENDS)
                    + ", got \"" + backend + "\"");
        }
    }

    private static void positive(String flag, int v) {
        if (v < 1) {
            throw new IllegalArgumentException(flag + ": must be ≥ 1, got \"" + v + "\"");
        }
    }

    public Optional<Path> snapshotDir() {
        return Optional.ofNullable(snapshot);
    }

    public Optional<Path> saveModelFile() {
        return Optional.ofNullable(saveModel);
    }

    public Optional<Path> outDirOption() {
        return Optional.ofNullable(outDir);
    }

    /** Parses the command line; the data directory defaults to the dataset's packaged copy, else data/NAME. */
    public static CnnOptions parse(List<String> args) throws UsageException {
        Flags f = Flags.parse("elastic-ddp-cnn", args, FLAGS, Set.of());
        DatasetKind kind;
        ProgressMode progress;
        try {
            kind = DatasetKind.parse("--dataset", f.string("--dataset", "fashion-mnist"));
            progress = ProgressMode.valueOf(f.choice("--progress", "auto", ProgressMode.labels()).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        Path dflt = kind.packagedDirectory().orElse(Path.of("data", kind.cliName()));
        if (f.has("--save-every") && !f.has("--snapshot")) {
            throw new UsageException("--save-every: needs --snapshot DIR (where to save), got \"" + f.string("--save-every", "") + "\"");
        }
        try {
            SaveEvery every = f.has("--save-every") ? SaveEvery.parse(f.string("--save-every", "")) : SaveEvery.EPOCH;
            return new CnnOptions(kind, f.path("--data-dir").orElse(dflt), f.integer("--epochs", 1, 1),
                    f.integer("--batch-size", 64, 1), f.positive("--lr", 1.0), f.positive("--gamma", 0.7), f.longValue("--seed", 1),
                    f.integer("--threads", 1, 1), f.integer("--limit", 0, 0), f.integer("--test-limit", 0, 0),
                    f.integer("--log-interval", 100, 1), f.path("--snapshot").orElse(null), every, f.path("--save-model").orElse(null),
                    f.integer("--timeout", DEFAULT_TIMEOUT, 1), f.path("--out-dir").orElse(null),
                    f.choice("--backend", "cpu", Distributed.BACKENDS), progress);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
