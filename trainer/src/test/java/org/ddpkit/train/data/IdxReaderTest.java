package org.ddpkit.train.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class IdxReaderTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "gzip={0}")
    @ValueSource(booleans = {false, true})
    void readsPlainAndGzipFiles(boolean gzip) throws Exception {
        byte[] raw = IdxFiles.images(3, 4, 5);
        Path f = dir.resolve("x-images-idx3-ubyte" + (gzip ? ".gz" : ""));
        Files.write(f, gzip ? IdxFiles.gzip(raw) : raw);
        IdxArray a = IdxReader.read(f);
        assertEquals(IdxType.UBYTE, a.type());
        assertArrayEquals(new int[] {3, 4, 5}, a.dims());
        assertArrayEquals(Arrays.copyOfRange(raw, 16, raw.length), a.data());
    }

    static Stream<Arguments> badFiles() {
        byte[] good = IdxFiles.images(2, 3, 3);
        return Stream.of(
                Arguments.of("empty", (Function<byte[], byte[]>) b -> new byte[0], "truncated: 0 bytes, too short for the 4-byte IDX magic number"),
                Arguments.of("wrong magic", (Function<byte[], byte[]>) b -> withByte(b, 0, 0x50), "wrong magic number 0x50000803: not an IDX file"),
                Arguments.of("a PNG", (Function<byte[], byte[]>) b -> new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10},
                        "wrong magic number 0x89504E47: not an IDX file"),
                Arguments.of("unknown type", (Function<byte[], byte[]>) b -> withByte(b, 2, 0x07), "unknown element type 0x07"),
                Arguments.of("no dimensions", (Function<byte[], byte[]>) b -> withByte(b, 3, 0), "no dimensions"),
                Arguments.of("truncated header", (Function<byte[], byte[]>) b -> Arrays.copyOf(b, 10),
                        "truncated header: 10 bytes, 3 dimension sizes need 16"),
                Arguments.of("truncated data", (Function<byte[], byte[]>) b -> Arrays.copyOf(b, b.length - 5),
                        "truncated: dimensions [2, 3, 3] need 18 data bytes, the file has 13"),
                Arguments.of("trailing bytes", (Function<byte[], byte[]>) b -> Arrays.copyOf(b, b.length + 3),
                        "3 unexpected bytes after the 18 data bytes of dimensions [2, 3, 3]"),
                Arguments.of("negative dimension", (Function<byte[], byte[]>) b -> withByte(b, 8, 0xff), "dimension 1 has a negative size"),
                Arguments.of("truncated gzip", (Function<byte[], byte[]>) b -> {
                    byte[] gz = IdxFiles.gzip(b);
                    return Arrays.copyOf(gz, gz.length - 12);
                }, "truncated gzip stream"),
                Arguments.of("corrupt gzip", (Function<byte[], byte[]>) b -> {
                    byte[] gz = IdxFiles.gzip(b);
                    gz[gz.length - 6] ^= 0x55;
                    return gz;
                }, "corrupt gzip stream"));
    }

    private static byte[] withByte(byte[] b, int at, int v) {
        byte[] c = b.clone();
        c[at] = (byte) v;
        return c;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFiles")
    void badFilesNameTheFileAndTheProblem(String name, Function<byte[], byte[]> damage, String problem) throws IOException {
        Path f = dir.resolve("bad-" + name.replace(' ', '-'));
        Files.write(f, damage.apply(IdxFiles.images(2, 3, 3)));
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.read(f));
        assertEquals(f, e.file());
        assertTrue(e.problem().startsWith(problem) || e.problem().contains(problem), "problem was: " + e.problem());
        assertTrue(e.getMessage().startsWith(f + ": "), e.getMessage());
        assertEquals(65, e.exitCode());
    }

    @Test
    void missingFileIsReported() {
        Path f = dir.resolve("nope");
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.read(f));
        assertEquals(f + ": no such file", e.getMessage());
    }
}
