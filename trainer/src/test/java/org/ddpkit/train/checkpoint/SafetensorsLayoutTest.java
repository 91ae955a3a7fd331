package org.ddpkit.train.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exact bytes ddpkit writes for a small file, worked out by hand from the format. */
class SafetensorsLayoutTest {
    @TempDir
    Path dir;

    @Test
    void smallFileHasTheExpectedBytes() throws Exception {
        Map<String, StoredTensor> tensors = new LinkedHashMap<>();
        tensors.put("b", StoredTensor.f32(new float[] {1.0f, -2.0f}, 2));
        tensors.put("a", StoredTensor.scalar(7L));
        tensors.put("c", StoredTensor.u8(new byte[] {1, 2, (byte) 255}, 3));
        Path file = dir.resolve("small.safetensors");

        String written = new SafetensorsWriter().write(file, tensors, Map.of("step", "30"));

        // Widest type first (I64 "a", then F32 "b", then U8 "c"), each packed after the last.
        String json = "{\"__metadata__\":{\"step\":\"30\",\"ddpkit.sha256\":\"%s\"},"
                + "\"a\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,16]},"
                + "\"c\":{\"dtype\":\"U8\",\"shape\":[3],\"data_offsets\":[16,19]}}";
        // 273 bytes of JSON, padded with 7 spaces to 280 so the data starts at 8 + 280 = 288 = 36·8.
        byte[] prefix = {(byte) 0x18, 0x01, 0, 0, 0, 0, 0, 0}; // 280, little-endian u64
        byte[] data = {
            7, 0, 0, 0, 0, 0, 0, 0, // a = 7 (I64)
            0, 0, (byte) 0x80, 0x3F, // 1.0f = 0x3F800000
            0, 0, 0, (byte) 0xC0, // -2.0f = 0xC0000000
            1, 2, (byte) 0xFF // c
        };
        String zeros = "0".repeat(64);
        byte[] blank = concat(prefix, header(json, zeros), data);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(blank));
        byte[] expected = concat(prefix, header(json, sha), data);

        assertEquals(sha, written);
        assertArrayEquals(expected, Files.readAllBytes(file));
        assertEquals(8 + 280 + 19, expected.length);
    }

    private static byte[] header(String json, String sha) {
        String filled = json.formatted(sha);
        assertEquals(273, filled.length());
        return (filled + " ".repeat(7)).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
