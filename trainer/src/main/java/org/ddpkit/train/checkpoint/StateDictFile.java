package org.ddpkit.train.checkpoint;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.ddpkit.train.nn.Module;
import org.ddpkit.train.tensor.Tensor;

/**
 * A model's state dict as one safetensors file, the way PyTorch users keep weights: plain
 * parameter names, F32, metadata {@code format = pt} (which Hugging Face loaders ask for) plus
 * the caller's strings (step, epoch, world size, seed, model class, ...). Written atomically with
 * ddpkit's checksum; {@code safetensors.torch.load_file} opens it and
 * {@code model.load_state_dict} takes the result; files written by Python load here too.
 */
public final class StateDictFile {
    /** The metadata key Hugging Face loaders check; ddpkit writes {@value #FORMAT_PT}. */
    public static final String FORMAT_KEY = "format";
    public static final String FORMAT_PT = "pt";
    /** ddpkit's checkpoint layout version, in every file it writes. */
    public static final String VERSION_KEY = "ddpkit.version";
    public static final String VERSION = "1";
    /** Metadata keys starting so are ddpkit's own. */
    public static final String RESERVED_PREFIX = "ddpkit.";

    private StateDictFile() {}

    /**
     * Replaces {@code file} with a copy of {@code stateDict} (live tensors are copied first, so
     * training may go on once this returns) and {@code metadata}; returns the file's checksum.
     */
    public static String save(Path file, Map<String, Tensor> stateDict, Map<String, String> metadata) throws IOException {
        return saveTensors(new SafetensorsWriter(), file, copies(stateDict), metadata);
    }

    /** {@link #save} for tensors already in file form (any {@link DType}). */
    public static String saveTensors(Path file, Map<String, StoredTensor> tensors, Map<String, String> metadata) throws IOException {
        return saveTensors(new SafetensorsWriter(), file, tensors, metadata);
    }

    static String saveTensors(SafetensorsWriter writer, Path file, Map<String, StoredTensor> tensors, Map<String, String> metadata)
            throws IOException {
        return writer.write(file, tensors, withDefaults(metadata));
    }

    /** Reads and checks {@code file} whole (see {@link SafetensorsReader}). */
    public static TensorFile load(Path file) throws IOException {
        return SafetensorsReader.read(file);
    }

    /**
     * Loads {@code file} into {@code model}: every tensor must be a float type, and after the
     * {@code prefix} policy the names and shapes must be exactly the model's. On any problem the
     * model is left untouched. Returns the file (for its metadata).
     */
    public static TensorFile loadInto(Path file, Module model, ModulePrefix prefix) throws IOException {
        TensorFile f = load(file);
        copyInto(file, f.tensors(), model, prefix);
        return f;
    }

    /**
     * Copies {@code tensors}, read from {@code source}, into {@code model} under the {@code prefix}
     * policy: all or nothing, with a {@link CheckpointException} naming {@code source} when they do not fit.
     */
    public static void copyInto(Path source, Map<String, StoredTensor> tensors, Module model, ModulePrefix prefix)
            throws CheckpointException {
        Map<String, Tensor> values = new LinkedHashMap<>();
        for (Map.Entry<String, StoredTensor> e : tensors.entrySet()) {
            try {
                values.put(e.getKey(), e.getValue().toTensor());
            } catch (IllegalStateException notFloat) {
                throw new CheckpointException(source, "tensor \"" + e.getKey() + "\": " + notFloat.getMessage());
            }
        }
        try {
            model.loadStateDict(prefix.apply(values, model.stateDict().keySet()));
        } catch (IllegalArgumentException misfit) {
            throw new CheckpointException(source, misfit.getMessage() + hint(tensors.keySet(), model, prefix));
        }
    }

    private static String hint(java.util.Set<String> fileKeys, Module model, ModulePrefix prefix) {
        if (prefix == ModulePrefix.AUTO) {
            return "";
        }
        boolean filePrefixed = fileKeys.stream().anyMatch(k -> k.startsWith(ModulePrefix.PREFIX));
        boolean modelPrefixed = model.stateDict().keySet().stream().anyMatch(k -> k.startsWith(ModulePrefix.PREFIX));
        return filePrefixed != modelPrefixed ? " (DDP's \"module.\" prefix differs: try ModulePrefix.AUTO)" : "";
    }

    static Map<String, StoredTensor> copies(Map<String, Tensor> stateDict) {
        Map<String, StoredTensor> out = new LinkedHashMap<>();
        stateDict.forEach((k, t) -> out.put(k, StoredTensor.copyOf(t)));
        return out;
    }

    /**
     * {@code metadata} with {@code format} (unless given) and ddpkit's version added; ddpkit's own
     * keys ({@code ddpkit.*}, as in the metadata of a loaded file) are dropped: they are written afresh.
     */
    static Map<String, String> withDefaults(Map<String, String> metadata) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put(FORMAT_KEY, FORMAT_PT);
        metadata.forEach((k, v) -> {
            if (!k.startsWith(RESERVED_PREFIX)) {
                out.put(k, v);
            }
        });
        out.put(VERSION_KEY, VERSION);
        return out;
    }
}
