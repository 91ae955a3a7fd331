package org.ddpkit.train.checkpoint;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.ddpkit.train.tensor.Tensor;

/**
 * A training snapshot: the model's state dict, the {@link TrainingState} to continue from, and
 * metadata strings for people and tools (world size, seed, model class, ...). See
 * {@link SnapshotDir} for how it is kept on disk.
 *
 * @param model    the weights by name, as they go into {@code model.safetensors}
 * @param training optimizer, counters and generators
 * @param metadata strings; a loaded snapshot's include ddpkit's own ({@code ddpkit.*}, {@code format})
 */
public record Snapshot(Map<String, StoredTensor> model, TrainingState training, Map<String, String> metadata) {
    public Snapshot {
        model = Collections.unmodifiableMap(new LinkedHashMap<>(model));
        Objects.requireNonNull(training, "training");
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    /** A snapshot of a live state dict (its tensors are copied now, so training may go on). */
    public static Snapshot capture(Map<String, Tensor> stateDict, TrainingState training, Map<String, String> metadata) {
        return new Snapshot(StateDictFile.copies(stateDict), training, metadata);
    }

    /** The save count of a loaded snapshot (1 for the first save into a directory), or 0 for one not loaded. */
    public long generation() {
        String g = metadata.get(SnapshotDir.GENERATION_KEY);
        return g == null ? 0 : Long.parseLong(g);
    }
}
