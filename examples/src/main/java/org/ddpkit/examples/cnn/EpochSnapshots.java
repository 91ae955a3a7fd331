package org.ddpkit.examples.cnn;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.ddpkit.train.checkpoint.CheckpointException;
import org.ddpkit.train.checkpoint.ModulePrefix;
import org.ddpkit.train.checkpoint.Snapshot;
import org.ddpkit.train.checkpoint.SnapshotDir;
import org.ddpkit.train.checkpoint.StateDictFile;
import org.ddpkit.train.checkpoint.TrainingState;
import org.ddpkit.train.random.GeneratorState;

/**
 * {@code --snapshot DIR} at epoch granularity: rank 0 saves the model (plain names, as PyTorch's
 * {@code model.module.state_dict()}), the optimizer, the scheduler's epoch and the model's random
 * generator after each epoch; every rank restores from it at start.
 */
final class EpochSnapshots {
    static final String EPOCHS_DONE = "epochs_done";
    static final String SCHEDULER_EPOCH = "scheduler_last_epoch";
    static final String GENERATOR = "model";
    static final String SEED_KEY = "seed";

    private final SnapshotDir dir;

    EpochSnapshots(SnapshotDir dir) {
        this.dir = dir;
    }

    SnapshotDir dir() {
        return dir;
    }

    /** Saves the state after {@code epochsDone} epochs (rank 0 only). */
    void save(CnnTraining t, int epochsDone, CnnOptions o, int worldSize) throws IOException {
        Map<String, Long> counters = new LinkedHashMap<>();
        counters.put(EPOCHS_DONE, (long) epochsDone);
        counters.put(SCHEDULER_EPOCH, (long) t.scheduler.lastEpoch());
        TrainingState state = new TrainingState(t.optimizer.state(), counters, Map.of(GENERATOR, t.generator.state()));
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("model", "MnistCnn");
        meta.put("dataset", o.dataset().cliName());
        meta.put(SEED_KEY, Long.toString(o.seed()));
        meta.put("world_size", Integer.toString(worldSize));
        meta.put("batch_size", Integer.toString(o.batch()));
        dir.save(Snapshot.capture(t.model.stateDict(), state, meta));
    }

    /** Restores a saved state into {@code t}; returns the epochs it had done, or empty when there is no snapshot. */
    Optional<Integer> restore(CnnTraining t, CnnOptions o) throws IOException {
        Optional<Snapshot> found = dir.loadIfPresent();
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Snapshot s = found.get();
        String seed = s.metadata().get(SEED_KEY);
        if (seed != null && !seed.equals(Long.toString(o.seed()))) {
            throw new CheckpointException(dir.path(), "was saved by a run with --seed " + seed + "; resume it with the same seed"
                    + " (this run has --seed " + o.seed() + ")");
        }
        TrainingState state = s.training();
        GeneratorState g = state.generators().get(GENERATOR);
        long epochs = state.counter(EPOCHS_DONE, -1);
        if (state.optimizer() == null || g == null || epochs < 0) {
            throw new CheckpointException(dir.path(), "is not an elastic-ddp-cnn snapshot (no optimizer, generator \"" + GENERATOR
                    + "\" or counter \"" + EPOCHS_DONE + "\")");
        }
        StateDictFile.copyInto(dir.path().resolve(SnapshotDir.MODEL_FILE), s.model(), t.model, ModulePrefix.AUTO);
        try {
            t.optimizer.loadState(state.optimizer());
            t.generator.setState(g);
        } catch (IllegalArgumentException misfit) {
            throw new CheckpointException(dir.path(), misfit.getMessage());
        }
        t.scheduler.setLastEpoch((int) state.counter(SCHEDULER_EPOCH, epochs));
        return Optional.of((int) epochs);
    }
}
