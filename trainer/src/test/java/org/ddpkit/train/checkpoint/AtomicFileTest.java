package org.ddpkit.train.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Atomic replacement, and which leftover temporary files a write cleans up. */
@Timeout(60)
class AtomicFileTest {
    private static Process sleeper;
    private static long deadPid;

    @TempDir
    Path dir;

    @BeforeAll
    static void startProcesses() throws Exception {
        sleeper = new ProcessBuilder("sleep", "60").start();
        Process done = new ProcessBuilder("true").start();
        done.waitFor(30, TimeUnit.SECONDS);
        deadPid = done.pid();
    }

    @AfterAll
    static void stopSleeper() {
        sleeper.destroyForcibly();
    }

    enum Writer {
        LIVE_HERE, DEAD_HERE, PID_REUSED_HERE, THIS_PROCESS, OTHER_HOST
    }

    static Stream<Arguments> leftovers() {
        return Stream.of(
                Arguments.of(Writer.DEAD_HERE, Duration.ZERO, true),
                Arguments.of(Writer.LIVE_HERE, Duration.ZERO, false),
                Arguments.of(Writer.PID_REUSED_HERE, Duration.ofDays(400), true),
                Arguments.of(Writer.THIS_PROCESS, Duration.ZERO, true),
                Arguments.of(Writer.OTHER_HOST, Duration.ofHours(1), false),
                Arguments.of(Writer.OTHER_HOST, Duration.ofHours(25), true));
    }

    @ParameterizedTest(name = "temp of a {0} writer, {1} old: removed {2}")
    @MethodSource("leftovers")
    void aWriteRemovesTheTempsOfWritersThatAreGone(Writer writer, Duration age, boolean removed) throws Exception {
        String host = writer == Writer.OTHER_HOST ? "elsewhere" : AtomicFile.host();
        long pid = switch (writer) {
            case LIVE_HERE, PID_REUSED_HERE, OTHER_HOST -> sleeper.pid();
            case DEAD_HERE -> deadPid;
            case THIS_PROCESS -> ProcessHandle.current().pid();
        };
        Path temp = Files.writeString(dir.resolve(".model.safetensors.tmp-" + host + "-" + pid + "-0123abcd"), "partial");
        Files.setLastModifiedTime(temp, FileTime.from(Instant.now().minus(age)));
        Path unrelated = Files.writeString(dir.resolve(".notes.tmp-by-hand"), "mine");

        new AtomicFile().write(dir.resolve("other.bin"), ch -> ch.write(ByteBuffer.wrap(new byte[] {1})));

        assertEquals(!removed, Files.exists(temp));
        assertEquals(true, Files.exists(unrelated), "names ddpkit did not make are left alone");
    }

    @Test
    void aFailedWriteLeavesTheOldFileAndNoTemp() throws Exception {
        Path target = Files.writeString(dir.resolve("f.txt"), "old");

        IOException e = assertThrows(IOException.class, () -> new AtomicFile().write(target, ch -> {
            ch.write(ByteBuffer.wrap("new, half wri".getBytes(StandardCharsets.UTF_8)));
            throw new IOException("disk full");
        }));

        assertEquals("disk full", e.getMessage());
        assertEquals("old", Files.readString(target));
        assertEquals(Set.of("f.txt"), SnapshotDirTest.files(dir));
    }

    @Test
    void aMissingDirectoryIsNamed() {
        Path target = dir.resolve("absent/f.txt");
        IOException e = assertThrows(IOException.class, () -> new AtomicFile().write(target, ch -> {}));
        assertEquals(dir.resolve("absent") + ": no such directory to write f.txt into", e.getMessage());
    }

    @Test
    void aWriteReplacesTheFileWhole() throws Exception {
        Path target = Files.writeString(dir.resolve("f.txt"), "old contents, longer than the new");

        new AtomicFile().write(target, ch -> ch.write(ByteBuffer.wrap("new".getBytes(StandardCharsets.UTF_8))));

        assertEquals("new", Files.readString(target));
        assertEquals(Set.of("f.txt"), SnapshotDirTest.files(dir));
    }
}
