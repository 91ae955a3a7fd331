package org.ddpkit.train.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every dtype and shape kind survives a write and a read bit for bit. */
class SafetensorsRoundTripTest {
    private static final List<int[]> SHAPES = List.of(new int[] {}, new int[] {0}, new int[] {5}, new int[] {2, 3, 4},
            new int[] {3, 0, 2}, new int[] {1, 1, 1, 7});

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(DType.class)
    void everyDtypeAndShapeRoundTrips(DType dtype) throws Exception {
        Random rnd = new Random(dtype.ordinal());
        Map<String, StoredTensor> tensors = new LinkedHashMap<>();
        for (int i = 0; i < SHAPES.size(); i++) {
            tensors.put("t" + i, random(dtype, SHAPES.get(i), rnd));
        }
        Path file = dir.resolve(dtype + ".safetensors");
        String sha = new SafetensorsWriter().write(file, tensors, Map.of("dtype", dtype.name(), "unicode", "Größe ≥ 1 \"q\""));

        TensorFile back = SafetensorsReader.read(file);

        assertEquals(tensors, back.tensors());
        assertEquals(sha, back.sha256());
        assertEquals("Größe ≥ 1 \"q\"", back.metadata().get("unicode"));
        assertNotSame(tensors.get("t2").array(), back.tensors().get("t2").array());
    }

    @Test
    void floatBitPatternsSurviveExactly() throws Exception {
        float[] f = {Float.intBitsToFloat(0x7FC00001), Float.intBitsToFloat(0xFF800000), -0.0f, Float.MIN_VALUE, Float.MAX_VALUE};
        double[] d = {Double.longBitsToDouble(0x7FF0000000000123L), -0.0, Double.MIN_VALUE};
        Map<String, StoredTensor> tensors = Map.of("f", StoredTensor.f32(f, f.length), "d", StoredTensor.f64(d, d.length));
        Path file = dir.resolve("bits.safetensors");
        new SafetensorsWriter().write(file, tensors, Map.of());

        TensorFile back = SafetensorsReader.read(file);

        float[] f2 = back.tensors().get("f").floats();
        for (int i = 0; i < f.length; i++) {
            assertEquals(Float.floatToRawIntBits(f[i]), Float.floatToRawIntBits(f2[i]), "f[" + i + "]");
        }
        assertNotEquals(StoredTensor.f32(new float[] {Float.intBitsToFloat(0x7FC00001)}, 1),
                StoredTensor.f32(new float[] {Float.intBitsToFloat(0x7FC00002)}, 1), "equality is bit for bit");
        assertNotEquals(StoredTensor.f64(new double[] {0.0}), StoredTensor.f64(new double[] {-0.0}));
        double[] d2 = back.tensors().get("d").doubles();
        for (int i = 0; i < d.length; i++) {
            assertEquals(Double.doubleToRawLongBits(d[i]), Double.doubleToRawLongBits(d2[i]), "d[" + i + "]");
        }
    }

    @Test
    void mixedDtypesAreAlignedToTheirElementSize() throws Exception {
        Random rnd = new Random(7);
        Map<String, StoredTensor> tensors = new LinkedHashMap<>();
        for (DType t : DType.values()) {
            tensors.put("x." + t, random(t, new int[] {3}, rnd));
        }
        Path file = dir.resolve("mixed.safetensors");
        new SafetensorsWriter().write(file, tensors, Map.of());

        SafetensorsHeader header = SafetensorsReader.readHeader(file);

        long base = 8 + java.nio.file.Files.size(file) - 8 - header.dataLength();
        assertEquals(0, base % 8, "data section starts at a multiple of 8");
        for (TensorSlot s : header.slots()) {
            assertEquals(0, (base + s.begin()) % s.dtype().size(), s + " is aligned");
        }
        assertEquals(tensors, SafetensorsReader.read(file).tensors());
    }

    @Test
    void largeTensorsSpanManyChunks() throws Exception {
        float[] big = new float[SafetensorsWriter.CHUNK / 4 * 3 + 18];
        for (int i = 0; i < big.length; i++) {
            big[i] = i * 0.5f;
        }
        Map<String, StoredTensor> tensors = Map.of("big", StoredTensor.f32(big, 3, big.length / 3), "tail", StoredTensor.u8(new byte[] {9}, 1));
        Path file = dir.resolve("big.safetensors");
        new SafetensorsWriter().write(file, tensors, Map.of());

        assertEquals(tensors, SafetensorsReader.read(file).tensors());
        assertTrue(SafetensorsReader.read(file).verified());
    }

    /** A tensor of random bits (for float types: NaNs with payloads and infinities included). */
    static StoredTensor random(DType dtype, int[] shape, Random rnd) {
        int n = Math.toIntExact(StoredTensor.elementCount(shape));
        byte[] bits = new byte[n * dtype.size()];
        rnd.nextBytes(bits);
        Object array = dtype.kind().newArray(n);
        dtype.kind().get(ByteBuffer.wrap(bits).order(ByteOrder.LITTLE_ENDIAN), array, 0, n);
        return StoredTensor.of(dtype, array, shape);
    }
}
