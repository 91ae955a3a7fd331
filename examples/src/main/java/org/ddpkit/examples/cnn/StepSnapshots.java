package org.ddpkit.examples.cnn;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.ddpkit.train.checkpoint.CheckpointException;
import org.ddpkit.train.checkpoint.ModulePrefix;
import org.ddpkit.train.checkpoint.Snapshot;
import org.ddpkit.train.checkpoint.SnapshotDir;
import org.ddpkit.train.checkpoint.StateDictFile;
import org.ddpkit.train.checkpoint.TrainingState;
import org.ddpkit.train.random.GeneratorState;

/**
 * {@code --snapshot DIR} for {@code elastic-ddp-cnn}: rank 0 saves, at a step boundary or after
 * an epoch, everything the run needs to go on bit for bit; every rank restores from it at start.
 * <ul>
 * <li>{@code model.safetensors}: the model (plain names, as PyTorch's {@code model.module.state_dict()});</li>
 * <li>optimizer: Adadelta's {@code square_avg}, {@code acc_delta}, step and lr;</li>
 * <li>counters: {@code epoch} and {@code step} (the {@link TrainingPosition}), {@code epochs_done},
 *     {@code scheduler_last_epoch} (StepLR), the DistributedSampler's {@code sampler_seed},
 *     {@code sampler_epoch} and {@code sampler_position} (samples of this rank's share consumed; its
 *     shuffle is a pure function of seed and epoch), {@code world_size};</li>
 * <li>generators: {@code model}, which drew the weights and draws the dropout masks (the same
 *     on every rank: same seed, same draws);</li>
 * <li>values: each rank's loss sum of the epoch in progress ({@code epoch_loss_sum.rankR}) and
 *     its training seconds, so the epoch's mean loss and rate come out as without the stop.</li>
 * </ul>
 * Metadata: model, dataset, seed, world size, batch size, training samples; a run with another
 * seed, world size, batch size or {@code --limit} refuses the snapshot (exit 65).
 */
final class StepSnapshots {
    static final String EPOCH = "epoch";
    static final String STEP = "step";
    static final String EPOCHS_DONE = "epochs_done";
    static final String SCHEDULER_EPOCH = "scheduler_last_epoch";
    static final String SAMPLER_SEED = "sampler_seed";
    static final String SAMPLER_EPOCH = "sampler_epoch";
    static final String SAMPLER_POSITION = "sampler_position";
    static final String WORLD_SIZE = "world_size";
    static final String GENERATOR = "model";
    static final String LOSS_SUM = "epoch_loss_sum.rank";
    static final String EPOCH_SECONDS = "epoch_seconds";
    static final String SEED_KEY = "seed";
    static final String BATCH_KEY = "batch_size";
    static final String SAMPLES_KEY = "train_samples";

    private final SnapshotDir dir;

    StepSnapshots(SnapshotDir dir) {
        this.dir = dir;
    }

    SnapshotDir dir() {
        return dir;
    }

    /**
     * Saves the state at {@code at} (rank 0 only); {@code lossSums} holds every rank's loss sum of
     * the epoch in progress (all 0 at an epoch's start).
     */
    void save(CnnTraining t, TrainingPosition at, double[] lossSums, double epochSeconds, CnnOptions o) throws IOException {
        int world = lossSums.length;
        Map<String, Long> counters = new LinkedHashMap<>();
        counters.put(EPOCH, (long) at.epoch());
        counters.put(STEP, (long) at.step());
        counters.put(EPOCHS_DONE, (long) at.epoch() - 1);
        counters.put(SCHEDULER_EPOCH, (long) t.scheduler.lastEpoch());
        counters.put(SAMPLER_SEED, o.seed());
        counters.put(SAMPLER_EPOCH, (long) at.epoch());
        counters.put(SAMPLER_POSITION, (long) at.step() * o.batch());
        counters.put(WORLD_SIZE, (long) world);
        Map<String, Double> values = new LinkedHashMap<>();
        for (int r = 0; r < world; r++) {
            values.put(LOSS_SUM + r, lossSums[r]);
        }
        values.put(EPOCH_SECONDS, epochSeconds);
        TrainingState state = new TrainingState(t.optimizer.state(), counters, Map.of(GENERATOR, t.generator.state()), values);
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("model", "MnistCnn");
        meta.put("dataset", o.dataset().cliName());
        meta.put(SEED_KEY, Long.toString(o.seed()));
        meta.put(WORLD_SIZE, Integer.toString(world));
        meta.put(BATCH_KEY, Integer.toString(o.batch()));
        meta.put(SAMPLES_KEY, Integer.toString(t.trainLoader.dataset().size()));
        dir.save(Snapshot.capture(t.model.stateDict(), state, meta));
    }

    /**
     * Restores a saved state into {@code t} (on every rank); empty when there is no snapshot. A
     * damaged snapshot, or one of a run with another seed, world size, batch size or training
     * set, is a {@link CheckpointException}.
     */
    Optional<Resumed> restore(CnnTraining t, CnnOptions o, int rank, int world) throws IOException {
        Optional<Snapshot> found = dir.loadIfPresent();
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Snapshot s = found.get();
        same(s, SEED_KEY, Long.toString(o.seed()), "--seed", "seed");
        same(s, WORLD_SIZE, Integer.toString(world), "a world size of", "world size (the ranks' shares of the data depend on it)");
        same(s, BATCH_KEY, Integer.toString(o.batch()), "--batch-size", "batch size");
        same(s, SAMPLES_KEY, Integer.toString(t.trainLoader.dataset().size()), "training samples:", "training set (--limit)");
        TrainingState state = s.training();
        GeneratorState g = state.generators().get(GENERATOR);
        long done = state.counter(EPOCHS_DONE, -1);
        if (state.optimizer() == null || g == null || done < 0) {
            throw new CheckpointException(dir.path(), "is not an elastic-ddp-cnn snapshot (no optimizer, generator \"" + GENERATOR
                    + "\" or counter \"" + EPOCHS_DONE + "\")");
        }
        long epoch = state.counter(EPOCH, done + 1);
        long step = state.counter(STEP, 0);
        int batches = t.trainLoader.numBatches();
        if (epoch != done + 1 || step < 0 || step > batches || state.counter(SAMPLER_POSITION, step * o.batch()) != step * o.batch()) {
            throw new CheckpointException(dir.path(), "holds an impossible position: epoch " + epoch + " step " + step + " (epochs done "
                    + done + ", sampler position " + state.counter(SAMPLER_POSITION, -1) + ") for " + batches + " steps per epoch");
        }
        StateDictFile.copyInto(dir.path().resolve(SnapshotDir.MODEL_FILE), s.model(), t.model, ModulePrefix.AUTO);
        try {
            t.optimizer.loadState(state.optimizer());
            t.generator.setState(g);
        } catch (IllegalArgumentException misfit) {
            throw new CheckpointException(dir.path(), misfit.getMessage());
        }
        t.scheduler.setLastEpoch((int) state.counter(SCHEDULER_EPOCH, done));
        return Optional.of(new Resumed(new TrainingPosition((int) epoch, (int) step), state.value(LOSS_SUM + rank, 0),
                state.value(EPOCH_SECONDS, 0)));
    }

    /** Refuses a snapshot whose metadata {@code key} (when present) is not {@code mine}. */
    private void same(Snapshot s, String key, String mine, String flag, String what) throws CheckpointException {
        String saved = s.metadata().get(key);
        if (saved != null && !Objects.equals(saved, mine)) {
            throw new CheckpointException(dir.path(), "was saved by a run with " + flag + " " + saved + ", this run has " + mine
                    + ": resume with the same " + what + ", or start afresh with another --snapshot directory");
        }
    }
}
