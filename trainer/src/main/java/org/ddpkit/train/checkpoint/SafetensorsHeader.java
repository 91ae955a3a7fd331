package org.ddpkit.train.checkpoint;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The JSON header of a safetensors file: {@code __metadata__} (string to string) and one entry
 * per tensor, {@code {"dtype": "F32", "shape": [2, 3], "data_offsets": [begin, end]}}, offsets
 * relative to the data section. {@link #parse} checks everything the format requires, so that a
 * header it accepts describes a data section of exactly {@code dataLength} bytes covered by the
 * tensors without gap or overlap; {@link #render} writes the layout ddpkit uses.
 *
 * @param metadata the {@code __metadata__} entries (empty when absent)
 * @param slots    the tensors, in the order of their data
 */
record SafetensorsHeader(Map<String, String> metadata, List<TensorSlot> slots) {
    /** The largest header the reference implementation accepts. */
    static final long MAX_BYTES = 100_000_000;
    static final String METADATA = "__metadata__";
    /** Java arrays hold at most about this many elements. */
    static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;
    private static final Set<String> FIELDS = Set.of("dtype", "shape", "data_offsets");
    private static final JsonFactory FACTORY = new JsonFactory();
    private static final JSON JSON_IO = JSON.builder(FACTORY).enable(JSON.Feature.FAIL_ON_DUPLICATE_MAP_KEYS).build();

    SafetensorsHeader {
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        slots = List.copyOf(slots);
    }

    /** Data section length: the end of the last tensor. */
    long dataLength() {
        return slots.isEmpty() ? 0 : slots.getLast().end();
    }

    /**
     * Lays {@code tensors} out for writing: wider types first (so each tensor starts at a
     * multiple of its element size, as the reference writer does), the given order otherwise.
     */
    static SafetensorsHeader layout(Map<String, StoredTensor> tensors, Map<String, String> metadata) {
        List<Map.Entry<String, StoredTensor>> order = new ArrayList<>(tensors.entrySet());
        order.sort(Comparator.comparingInt((Map.Entry<String, StoredTensor> e) -> e.getValue().dtype().size()).reversed());
        List<TensorSlot> slots = new ArrayList<>();
        long at = 0;
        for (Map.Entry<String, StoredTensor> e : order) {
            if (e.getKey().equals(METADATA)) {
                throw new IllegalArgumentException("\"" + METADATA + "\" is reserved for the header's metadata, not a tensor name");
            }
            StoredTensor t = e.getValue();
            slots.add(new TensorSlot(e.getKey(), t.dtype(), t.shape(), at, at + t.byteSize()));
            at += t.byteSize();
        }
        return new SafetensorsHeader(metadata, slots);
    }

    /** The header's bytes: compact JSON, metadata first, space-padded so the data starts at a multiple of 8. */
    byte[] render() {
        Map<String, Object> root = new LinkedHashMap<>();
        if (!metadata.isEmpty()) {
            root.put(METADATA, metadata);
        }
        for (TensorSlot s : slots) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("dtype", s.dtype().name());
            entry.put("shape", Arrays.stream(s.shape()).boxed().toList());
            entry.put("data_offsets", List.of(s.begin(), s.end()));
            root.put(s.name(), entry);
        }
        byte[] json;
        try {
            json = JSON_IO.asBytes(root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render a safetensors header", e);
        }
        int padded = (json.length + 7) / 8 * 8;
        byte[] out = Arrays.copyOf(json, padded);
        Arrays.fill(out, json.length, padded, (byte) ' ');
        return out;
    }

    /** Parses and checks {@code json}, the header of {@code file} whose data section has {@code dataLength} bytes. */
    static SafetensorsHeader parse(Path file, byte[] json, long dataLength) throws CheckpointException {
        if (json.length == 0 || json[0] != '{') {
            throw new CheckpointException(file, "header does not start with '{' (first byte "
                    + (json.length == 0 ? "missing" : String.format("0x%02x", json[0] & 0xFF)) + "): not a safetensors file");
        }
        Map<String, Object> root;
        try (JsonParser parser = FACTORY.createParser(json)) {
            root = JSON_IO.mapFrom(parser);
            if (parser.nextToken() != null) {
                throw new CheckpointException(file, "header is not valid JSON: more after the closing '}' (at byte "
                        + parser.currentTokenLocation().getByteOffset() + " of the header)");
            }
        } catch (JsonProcessingException e) {
            throw new CheckpointException(file, "header is not valid JSON: " + describe(e), e);
        } catch (CheckpointException e) {
            throw e;
        } catch (IOException e) {
            throw new CheckpointException(file, "header is not valid JSON: " + e.getMessage(), e);
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        List<TensorSlot> slots = new ArrayList<>();
        for (Map.Entry<String, Object> e : root.entrySet()) {
            if (e.getKey().equals(METADATA)) {
                metadata = metadata(file, e.getValue());
            } else {
                slots.add(slot(file, e.getKey(), e.getValue(), dataLength));
            }
        }
        slots.sort(Comparator.comparingLong(TensorSlot::begin).thenComparingLong(TensorSlot::end));
        long at = 0;
        String previous = null;
        for (TensorSlot s : slots) {
            if (s.begin() < at) {
                throw new CheckpointException(file, "tensor \"" + s.name() + "\" at data_offsets [" + s.begin() + ", " + s.end()
                        + "] overlaps tensor \"" + previous + "\" (which ends at " + at + ")");
            }
            if (s.begin() > at) {
                throw new CheckpointException(file, "gap of " + (s.begin() - at) + " bytes in the data before tensor \""
                        + s.name() + "\" (data_offsets [" + s.begin() + ", " + s.end() + "], previous data ends at " + at + ")");
            }
            at = s.end();
            previous = s.name();
        }
        if (at != dataLength) {
            throw new CheckpointException(file, (dataLength - at) + " bytes after the last tensor's data (tensors cover "
                    + at + " of the " + dataLength + " data bytes): the file is not what its header describes");
        }
        return new SafetensorsHeader(metadata, slots);
    }

    private static Map<String, String> metadata(Path file, Object value) throws CheckpointException {
        if (!(value instanceof Map<?, ?> map)) {
            throw new CheckpointException(file, "\"" + METADATA + "\" must be an object of strings, got " + kind(value));
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getValue() instanceof String s)) {
                throw new CheckpointException(file, "\"" + METADATA + "\" entry \"" + e.getKey() + "\" must be a string, got "
                        + kind(e.getValue()));
            }
            out.put((String) e.getKey(), s);
        }
        return out;
    }

    private static TensorSlot slot(Path file, String name, Object value, long dataLength) throws CheckpointException {
        String what = "tensor \"" + name + "\"";
        if (!(value instanceof Map<?, ?> entry)) {
            throw new CheckpointException(file, what + " must be an object with dtype, shape and data_offsets, got " + kind(value));
        }
        for (String f : FIELDS) {
            if (!entry.containsKey(f)) {
                throw new CheckpointException(file, what + " has no \"" + f + "\"");
            }
        }
        for (Object k : entry.keySet()) {
            if (!FIELDS.contains(k)) {
                throw new CheckpointException(file, what + " has an unknown field \"" + k + "\" (expected dtype, shape, data_offsets)");
            }
        }
        if (!(entry.get("dtype") instanceof String code)) {
            throw new CheckpointException(file, what + ": dtype must be a string, got " + kind(entry.get("dtype")));
        }
        DType dtype;
        try {
            dtype = DType.parse(code);
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(file, what + ": " + e.getMessage());
        }
        List<?> dims = list(file, what + ": shape", entry.get("shape"));
        int[] shape = new int[dims.size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = Math.toIntExact(integer(file, what + ": shape[" + i + "]", dims.get(i), Integer.MAX_VALUE));
        }
        List<?> offsets = list(file, what + ": data_offsets", entry.get("data_offsets"));
        if (offsets.size() != 2) {
            throw new CheckpointException(file, what + ": data_offsets must be [begin, end], got " + offsets.size() + " numbers");
        }
        long begin = integer(file, what + ": data_offsets[0]", offsets.get(0), Long.MAX_VALUE);
        long end = integer(file, what + ": data_offsets[1]", offsets.get(1), Long.MAX_VALUE);
        String range = "data_offsets [" + begin + ", " + end + "]";
        if (end < begin) {
            throw new CheckpointException(file, what + ": " + range + " end before they begin");
        }
        if (end > dataLength) {
            throw new CheckpointException(file, what + ": " + range + " reach past the end of the data (" + dataLength
                    + " bytes): the file is truncated");
        }
        long count = Arrays.stream(shape).anyMatch(d -> d == 0) ? 0 : 1;
        for (int d : shape) {
            count = count * d;
            if (count > MAX_ELEMENTS) {
                throw new CheckpointException(file, what + ": shape " + Arrays.toString(shape)
                        + " has more elements than one Java array holds (" + MAX_ELEMENTS + ")");
            }
        }
        if (count * dtype.size() != end - begin) {
            throw new CheckpointException(file, what + ": " + dtype + " " + Arrays.toString(shape) + " needs "
                    + count * dtype.size() + " bytes, " + range + " give " + (end - begin));
        }
        return new TensorSlot(name, dtype, shape, begin, end);
    }

    private static List<?> list(Path file, String what, Object value) throws CheckpointException {
        if (!(value instanceof List<?> l)) {
            throw new CheckpointException(file, what + " must be an array of integers, got " + kind(value));
        }
        return l;
    }

    private static long integer(Path file, String what, Object value, long max) throws CheckpointException {
        if (!(value instanceof Integer || value instanceof Long || value instanceof java.math.BigInteger)) {
            throw new CheckpointException(file, what + " must be an integer, got " + kind(value));
        }
        Number n = (Number) value;
        if (n instanceof java.math.BigInteger big && big.bitLength() > 63) {
            throw new CheckpointException(file, what + " = " + big + " is out of range (0 … " + max + ")");
        }
        long v = n.longValue();
        if (v < 0 || v > max) {
            throw new CheckpointException(file, what + " = " + v + " is out of range (0 … " + max + ")");
        }
        return v;
    }

    private static String kind(Object v) {
        return switch (v) {
            case null -> "null";
            case String s -> "the string \"" + s + "\"";
            case Number n -> "the number " + n;
            case Boolean b -> b.toString();
            case List<?> l -> "an array";
            case Map<?, ?> m -> "an object";
            default -> v.getClass().getSimpleName();
        };
    }

    /** Jackson's message without its source-location boilerplate, with the byte offset. */
    private static String describe(JsonProcessingException e) {
        String msg = e.getOriginalMessage().replaceAll("\\s*\\(start marker at \\[Source:.*?\\]\\)", "").replace('\n', ' ');
        long at = e.getLocation() == null ? -1 : e.getLocation().getByteOffset();
        return at >= 0 ? msg + " (at byte " + at + " of the header)" : msg;
    }
}
