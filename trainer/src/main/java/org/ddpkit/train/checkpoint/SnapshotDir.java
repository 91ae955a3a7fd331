package org.ddpkit.train.checkpoint;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A training snapshot kept in a directory:
 * <pre>
 * DIR/model.safetensors                  the state dict alone; PyTorch's load_state_dict takes it
 * DIR/training-state-00000042.safetensors optimizer, counters, generators ({@link TrainingState})
 * </pre>
 * {@code model.safetensors} is the commit point: its metadata names the training-state file of
 * the same save and that file's SHA-256. A save writes the new training-state file (atomically,
 * under a new name), then replaces {@code model.safetensors} (atomically), then removes the
 * superseded training-state file, so a crash at any moment leaves a complete snapshot, the
 * previous or the new one. One writer per directory at a time (rank 0).
 */
public final class SnapshotDir {
    public static final String MODEL_FILE = "model.safetensors";
    static final String GENERATION_KEY = "ddpkit.snapshot.generation";
    static final String STATE_FILE_KEY = "ddpkit.snapshot.state_file";
    static final String STATE_SHA_KEY = "ddpkit.snapshot.state_sha256";
    private static final Pattern STATE_NAME = Pattern.compile("training-state-\\d{8,19}\\.safetensors");
    private static final int LOAD_ATTEMPTS = 3;

    private final Path dir;
    private final SafetensorsWriter writer;

    public SnapshotDir(Path dir) {
        this(dir, new SafetensorsWriter());
    }

    SnapshotDir(Path dir, SafetensorsWriter writer) {
        this.dir = dir.toAbsolutePath().normalize();
        this.writer = Objects.requireNonNull(writer, "writer");
    }

    public Path path() {
        return dir;
    }

    /** True when a snapshot has been saved here (whether it is intact is for {@link #load} to say). */
    public boolean exists() {
        return Files.isRegularFile(dir.resolve(MODEL_FILE));
    }

    /** Saves {@code snapshot} as the next generation (creating the directory); returns that generation. */
    public long save(Snapshot snapshot) throws IOException {
        Files.createDirectories(dir);
        Current current = current();
        removeStates(current.stateFile());
        long generation = current.generation() + 1;
        String stateName = String.format("training-state-%08d.safetensors", generation);
        String stateSha = writer.write(dir.resolve(stateName), snapshot.training().toTensors(),
                Map.of(StateDictFile.VERSION_KEY, StateDictFile.VERSION, GENERATION_KEY, Long.toString(generation)));
        Map<String, String> meta = StateDictFile.withDefaults(snapshot.metadata());
        meta.put(GENERATION_KEY, Long.toString(generation));
        meta.put(STATE_FILE_KEY, stateName);
        meta.put(STATE_SHA_KEY, stateSha);
        writer.write(dir.resolve(MODEL_FILE), snapshot.model(), meta);
        if (current.stateFile() != null) {
            Files.deleteIfExists(dir.resolve(current.stateFile()));
            writer.atomic().listener().accept(WriteStage.OLD_STATE_REMOVED, dir.resolve(current.stateFile()));
        }
        return generation;
    }

    /** The snapshot saved here, or empty when there is none; a damaged one is an exception, not empty. */
    public Optional<Snapshot> loadIfPresent() throws IOException {
        return exists() ? Optional.of(load()) : Optional.empty();
    }

    /** Reads and checks the snapshot saved here: both files whole, and that they belong together. */
    public Snapshot load() throws IOException {
        Path modelPath = dir.resolve(MODEL_FILE);
        for (int attempt = 1; ; attempt++) {
            TensorFile model = SafetensorsReader.read(modelPath);
            String stateName = stateFile(modelPath, model.metadata());
            Path statePath = dir.resolve(stateName);
            TensorFile state;
            try {
                state = SafetensorsReader.read(statePath);
            } catch (CheckpointException e) {
                // A writer may have committed a newer snapshot and removed this state file since.
                if (e.getCause() instanceof NoSuchFileException && attempt < LOAD_ATTEMPTS && !stateName.equals(current().stateFile())) {
                    continue;
                }
                throw e;
            }
            String expected = model.metadata().get(STATE_SHA_KEY);
            if (!Objects.equals(expected, state.sha256())) {
                throw new CheckpointException(statePath, "does not belong to " + MODEL_FILE + ", which records sha256 "
                        + expected + " for it, but the file has " + state.sha256());
            }
            return new Snapshot(model.tensors(), TrainingState.fromTensors(statePath, state.tensors()), model.metadata());
        }
    }

    private static String stateFile(Path modelPath, Map<String, String> meta) throws CheckpointException {
        String name = meta.get(STATE_FILE_KEY);
        if (name == null || meta.get(STATE_SHA_KEY) == null || meta.get(GENERATION_KEY) == null) {
            throw new CheckpointException(modelPath, "is not a ddpkit snapshot (no " + STATE_FILE_KEY + " in its metadata): "
                    + "a plain state dict loads with StateDictFile");
        }
        if (!STATE_NAME.matcher(name).matches()) {
            throw new CheckpointException(modelPath, STATE_FILE_KEY + " = \"" + name + "\" is not a training-state file name");
        }
        if (!meta.get(GENERATION_KEY).matches("\\d{1,18}")) {
            throw new CheckpointException(modelPath, GENERATION_KEY + " = \"" + meta.get(GENERATION_KEY) + "\" is not a generation number");
        }
        return name;
    }

    /** The generation and training-state file of the snapshot here now, read from the header only. */
    private Current current() {
        try {
            Map<String, String> meta = SafetensorsReader.readHeader(dir.resolve(MODEL_FILE)).metadata();
            String name = meta.get(STATE_FILE_KEY);
            String generation = meta.get(GENERATION_KEY);
            if (name != null && STATE_NAME.matcher(name).matches() && generation != null && generation.matches("\\d{1,18}")) {
                return new Current(Long.parseLong(generation), name);
            }
        } catch (IOException unreadable) {
            // No snapshot yet, or a damaged one that this save replaces.
        }
        return new Current(0, null);
    }

    /** Removes the training-state files other than {@code keep} (leftovers of interrupted saves), best effort. */
    private void removeStates(String keep) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "training-state-*.safetensors")) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                if (STATE_NAME.matcher(name).matches() && !name.equals(keep)) {
                    try {
                        Files.deleteIfExists(f);
                    } catch (IOException e) {
                        // Best effort, as for temporary files: the next save tries again.
                    }
                }
            }
        }
    }

    private record Current(long generation, String stateFile) {}
}
