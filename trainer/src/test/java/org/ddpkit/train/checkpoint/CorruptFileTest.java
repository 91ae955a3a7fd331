package org.ddpkit.train.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every way a file can be broken gives a one-line {@link CheckpointException} naming the file
 * and the problem: damage to a file ddpkit wrote (truncation, bit flips, a wrong header length),
 * and headers that break a rule of the format.
 */
class CorruptFileTest {
    private static byte[] good;
    private static int headerLength;

    @TempDir
    Path dir;

    @BeforeAll
    static void writeGoodFile(@TempDir Path tmp) throws Exception {
        Map<String, StoredTensor> tensors = new LinkedHashMap<>();
        tensors.put("weight", StoredTensor.f32(new float[] {1, 2, 3, 4, 5, 6}, 2, 3));
        tensors.put("step", StoredTensor.scalar(42L));
        Path f = tmp.resolve("good.safetensors");
        new SafetensorsWriter().write(f, tensors, Map.of("epoch", "1"));
        good = Files.readAllBytes(f);
        headerLength = (int) ByteBuffer.wrap(good).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
    }

    static Stream<Arguments> damagedFiles() {
        return Stream.of(
                damage("empty file", b -> new byte[0], "file has 0 bytes, too few"),
                damage("cut inside the length", b -> Arrays.copyOf(b, 5), "file has 5 bytes, too few"),
                damage("cut inside the header", b -> Arrays.copyOf(b, 8 + headerLength / 2), "reaches past the end of the file"),
                damage("cut inside the data", b -> Arrays.copyOf(b, b.length - 3), "the file is truncated"),
                damage("cut at the end of the header", b -> Arrays.copyOf(b, 8 + headerLength), "the file is truncated"),
                damage("bytes appended", b -> concat(b, new byte[] {0, 0, 0, 0}), "4 bytes after the last tensor"),
                damage("bit flip in the data", b -> flip(b, b.length - 1), "checksum mismatch"),
                damage("bit flip in a tensor name", b -> flip(b, indexOf(b, "\"weight\"") + 1), "checksum mismatch"),
                damage("bit flip in a metadata value", b -> flip(b, indexOf(b, "\"epoch\":\"1\"") + 9), "checksum mismatch"),
                damage("bit flip in the checksum", b -> flip(b, indexOf(b, "\"ddpkit.sha256\":\"") + 20), "checksum"),
                damage("bit flip in the JSON syntax", b -> flip(b, 9), "header is not valid JSON"),
                damage("bit flip in a shape", b -> flip(b, indexOf(b, "\"shape\":[2,3]") + 9), "needs"),
                damage("first header byte changed", b -> set(b, 8, (byte) '['), "does not start with '{'"),
                damage("header length huge", b -> length(b, 1L << 40), "is over the 100000000-byte limit"),
                damage("header length negative as i64", b -> length(b, -1), "18446744073709551615 is over"),
                damage("header length past the file", b -> length(b, b.length), "reaches past the end of the file"),
                damage("header length 8 short", b -> length(b, headerLength - 8), "header is not valid JSON"),
                damage("header length 8 long", b -> length(b, headerLength + 8), "header is not valid JSON"));
    }

    static Stream<Arguments> badHeaders() {
        String a = "\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}";
        return Stream.of(
                header("overlapping offsets", "{" + a + ",\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 12,
                        "tensor \"b\" at data_offsets [4, 12] overlaps tensor \"a\""),
                header("gap between tensors", "{" + a + ",\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[12,20]}}", 20,
                        "gap of 4 bytes in the data before tensor \"b\""),
                header("data not starting at 0", "{\"a\":{\"dtype\":\"U8\",\"shape\":[2],\"data_offsets\":[1,3]}}", 3, "gap of 1 bytes"),
                header("bytes after the last tensor", "{" + a + "}", 10, "2 bytes after the last tensor"),
                header("size not matching shape", "{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8,
                        "F32 [3] needs 12 bytes, data_offsets [0, 8] give 8"),
                header("unknown dtype", "{\"a\":{\"dtype\":\"F4\",\"shape\":[2],\"data_offsets\":[0,1]}}", 1,
                        "unknown dtype \"F4\" (ddpkit reads BOOL, U8"),
                header("dtype not a string", "{\"a\":{\"dtype\":4,\"shape\":[2],\"data_offsets\":[0,8]}}", 8,
                        "dtype must be a string, got the number 4"),
                header("missing shape", "{\"a\":{\"dtype\":\"F32\",\"data_offsets\":[0,8]}}", 8, "tensor \"a\" has no \"shape\""),
                header("unknown field", "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8],\"x\":1}}", 8,
                        "unknown field \"x\""),
                header("entry not an object", "{\"a\":[1,2]}", 0, "must be an object with dtype, shape and data_offsets"),
                header("negative offset", "{\"a\":{\"dtype\":\"U8\",\"shape\":[0],\"data_offsets\":[-1,-1]}}", 0,
                        "data_offsets[0] = -1 is out of range"),
                header("fractional offset", "{\"a\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1.0]}}", 1,
                        "data_offsets[1] must be an integer, got the number 1.0"),
                header("offsets reversed", "{\"a\":{\"dtype\":\"U8\",\"shape\":[0],\"data_offsets\":[4,0]}}", 4,
                        "end before they begin"),
                header("three offsets", "{\"a\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1,2]}}", 2,
                        "data_offsets must be [begin, end], got 3 numbers"),
                header("offset past the data", "{" + a + "}", 4, "reach past the end of the data (4 bytes): the file is truncated"),
                header("negative dimension", "{\"a\":{\"dtype\":\"U8\",\"shape\":[-2],\"data_offsets\":[0,0]}}", 0,
                        "shape[0] = -2 is out of range"),
                header("more elements than an array", "{\"a\":{\"dtype\":\"U8\",\"shape\":[65536,65536],\"data_offsets\":[0,0]}}", 0,
                        "more elements than one Java array holds"),
                header("metadata value not a string", "{\"__metadata__\":{\"step\":3}}", 0,
                        "\"__metadata__\" entry \"step\" must be a string, got the number 3"),
                header("metadata not an object", "{\"__metadata__\":\"x\"}", 0, "\"__metadata__\" must be an object of strings"),
                header("duplicate tensor name", "{" + a + "," + a + "}", 8, "Duplicate key"),
                header("text after the object", "{" + a + "} {}", 8, "more after the closing '}'"),
                header("unterminated object", "{" + a, 8, "header is not valid JSON: Unexpected end-of-input"),
                header("not UTF-8", "{\"a\u00ff\":1}", 0, "header is not valid JSON: Invalid UTF-8"),
                header("checksum not hex", "{\"__metadata__\":{\"ddpkit.sha256\":\"xyz\"}}", 0, "is not 64 lowercase hex digits"),
                header("checksum reformatted", "{\"__metadata__\": {\"ddpkit.sha256\": \"" + "ab".repeat(32) + "\"}}", 0,
                        "not as ddpkit writes it"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("damagedFiles")
    void damagedFileFailsClearly(String name, UnaryOperator<byte[]> damage, String problem) throws Exception {
        assertFails(Files.write(dir.resolve("damaged.safetensors"), damage.apply(good.clone())), problem);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badHeaders")
    void badHeaderFailsClearly(String name, byte[] file, String problem) throws Exception {
        assertFails(Files.write(dir.resolve("bad.safetensors"), file), problem);
    }

    @Test
    void missingFileAndDirectoryFailClearly() throws Exception {
        assertFails(dir.resolve("absent.safetensors"), "no such file");
        assertFails(Files.createDirectory(dir.resolve("snap")), "is a directory");
    }

    @Test
    void theUndamagedFileLoads() throws Exception {
        TensorFile f = SafetensorsReader.read(Files.write(dir.resolve("good.safetensors"), good));
        assertTrue(f.verified());
        assertEquals(StoredTensor.scalar(42L), f.tensors().get("step"));
    }

    private static void assertFails(Path file, String problem) {
        CheckpointException e = assertThrows(CheckpointException.class, () -> SafetensorsReader.read(file));
        assertEquals(file, e.file());
        assertTrue(e.problem().contains(problem), () -> "expected \"" + problem + "\" in: " + e.problem());
        assertFalse(e.getMessage().contains("\n"), () -> "one line: " + e.getMessage());
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
    }

    private static Arguments damage(String name, UnaryOperator<byte[]> f, String problem) {
        return Arguments.of(name, f, problem);
    }

    /** A file with the given header text (as Latin-1 bytes, so a test can put in invalid UTF-8) and zero data. */
    private static Arguments header(String name, String json, int dataBytes, String problem) {
        byte[] h = json.getBytes(StandardCharsets.ISO_8859_1);
        byte[] len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, h.length).array();
        return Arguments.of(name, concat(len, h, new byte[dataBytes]), problem);
    }

    private static byte[] flip(byte[] b, int at) {
        b[at] ^= 1;
        return b;
    }

    private static byte[] set(byte[] b, int at, byte v) {
        b[at] = v;
        return b;
    }

    private static byte[] length(byte[] b, long n) {
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(0, n);
        return b;
    }

    private static int indexOf(byte[] b, String s) {
        byte[] needle = s.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i + needle.length <= b.length; i++) {
            if (Arrays.equals(b, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        throw new AssertionError("\"" + s + "\" not in the file");
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
