package org.ddpkit.train.checkpoint;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A safetensors file, read and checked whole: its tensors (in the order of their data in the
 * file), its {@code __metadata__} strings, and the SHA-256 that ddpkit recorded in it and found
 * matching, or null for a file written without one (by Python's {@code safetensors}, say).
 *
 * @param file     where it was read from
 * @param tensors  the tensors by name, each owning a fresh array
 * @param metadata the {@code __metadata__} entries, ddpkit's own ({@code ddpkit.*}) included
 * @param sha256   the verified checksum (64 lowercase hex digits), or null when the file had none
 */
public record TensorFile(Path file, Map<String, StoredTensor> tensors, Map<String, String> metadata, String sha256) {
    public TensorFile {
        Objects.requireNonNull(file, "file");
        tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    /** True when the file carried ddpkit's checksum and its contents matched it. */
    public boolean verified() {
        return sha256 != null;
    }
}
