package org.ddpkit.train.checkpoint;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What to do with DDP's {@code module.} key prefix when a state dict is loaded into a model.
 * PyTorch's {@code DistributedDataParallel} wraps the model as its child {@code module}, so the
 * wrapper's {@code state_dict()} names {@code module.conv1.weight} what the bare model names
 * {@code conv1.weight}; checkpoints of both kinds circulate.
 */
public enum ModulePrefix {
    /**
     * Strip the prefix when every loaded key has it and no model key does; add it when every model
     * key has it and no loaded key does; otherwise keep the names. Never renames when the choice
     * is not clear-cut, so a real mismatch is still reported key by key.
     */
    AUTO,
    /** Use the names as they are. */
    KEEP,
    /** Remove the prefix from the keys that have it (PyTorch's {@code consume_prefix_in_state_dict_if_present}). */
    STRIP,
    /** Put the prefix before every key (to load a bare model's checkpoint into a DDP-wrapped one). */
    ADD;

    /** The prefix DDP adds: its wrapped model is the child named {@code module}. */
    public static final String PREFIX = "module.";

    /**
     * The entries of {@code loaded} renamed for a model whose keys are {@code modelKeys}.
     *
     * @throws IllegalArgumentException when stripping maps two keys to one name
     */
    public <T> Map<String, T> apply(Map<String, T> loaded, Collection<String> modelKeys) {
        return switch (this) {
            case KEEP -> new LinkedHashMap<>(loaded);
            case STRIP -> strip(loaded);
            case ADD -> add(loaded);
            case AUTO -> {
                boolean fileAll = allPrefixed(loaded.keySet()), fileNone = nonePrefixed(loaded.keySet());
                boolean modelAll = allPrefixed(modelKeys), modelNone = nonePrefixed(modelKeys);
                if (fileAll && modelNone) {
                    yield strip(loaded);
                }
                if (fileNone && modelAll) {
                    yield add(loaded);
                }
                yield new LinkedHashMap<>(loaded);
            }
        };
    }

    private static boolean allPrefixed(Collection<String> keys) {
        return !keys.isEmpty() && keys.stream().allMatch(k -> k.startsWith(PREFIX));
    }

    private static boolean nonePrefixed(Collection<String> keys) {
        return !keys.isEmpty() && keys.stream().noneMatch(k -> k.startsWith(PREFIX));
    }

    private static <T> Map<String, T> strip(Map<String, T> in) {
        Map<String, T> out = new LinkedHashMap<>();
        in.forEach((k, v) -> {
            String name = k.startsWith(PREFIX) ? k.substring(PREFIX.length()) : k;
            if (out.put(name, v) != null) {
                throw new IllegalArgumentException("stripping \"" + PREFIX + "\" gives two entries named \"" + name + "\"");
            }
        });
        return out;
    }

    private static <T> Map<String, T> add(Map<String, T> in) {
        Map<String, T> out = new LinkedHashMap<>();
        in.forEach((k, v) -> out.put(PREFIX + k, v));
        return out;
    }
}
