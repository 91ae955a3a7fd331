package org.ddpkit.train.checkpoint;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The element types of the safetensors format that ddpkit reads and writes, by their names in
 * the header ({@code "F32"}, {@code "I64"}, ...). Each is held in the Java array of its width:
 * 1 byte in {@code byte[]}, 2 in {@code short[]} (F16 and BF16 as raw bits), 4 in
 * {@code int[]} or {@code float[]}, 8 in {@code long[]} or {@code double[]}; unsigned types keep
 * their bits in the signed array of the same width.
 */
public enum DType {
    BOOL(1, ElementKind.BYTE),
    U8(1, ElementKind.BYTE),
    I8(1, ElementKind.BYTE),
    F8_E5M2(1, ElementKind.BYTE),
    F8_E4M3(1, ElementKind.BYTE),
    I16(2, ElementKind.SHORT),
    U16(2, ElementKind.SHORT),
    F16(2, ElementKind.SHORT),
    BF16(2, ElementKind.SHORT),
    I32(4, ElementKind.INT),
    U32(4, ElementKind.INT),
    F32(4, ElementKind.FLOAT),
    I64(8, ElementKind.LONG),
    U64(8, ElementKind.LONG),
    F64(8, ElementKind.DOUBLE);

    private final int size;
    private final ElementKind kind;

    DType(int size, ElementKind kind) {
        this.size = size;
        this.kind = kind;
    }

    /** Bytes per element. */
    public int size() {
        return size;
    }

    /** The Java array class that holds elements of this type ({@code float[].class} for F32). */
    public Class<?> arrayClass() {
        return kind.arrayClass();
    }

    ElementKind kind() {
        return kind;
    }

    /** The type named {@code code} in a safetensors header, or an exception naming the known ones. */
    public static DType parse(String code) {
        for (DType t : values()) {
            if (t.name().equals(code)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown dtype \"" + code + "\" (ddpkit reads "
                + Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", ")) + ")");
    }
}
