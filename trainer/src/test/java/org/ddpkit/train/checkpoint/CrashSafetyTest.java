package org.ddpkit.train.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.ddpkit.testkit.JavaCommand;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A writer killed with SIGKILL at any moment leaves the previous checkpoint loadable, never a
 * mix of two saves, and the next save clears what the dead writer left. Real processes: a child
 * JVM ({@link CheckpointWriterMain}) saves in a loop and is killed, at every step of the save
 * protocol in turn and at random moments.
 */
@Timeout(180)
class CrashSafetyTest {
    private static final int SMALL = 1000;
    private static final int LARGE = 1 << 18;
    private static final int RANDOM_KILLS = 3;

    @TempDir
    Path dir;

    static Stream<Arguments> crashPoints() {
        List<Arguments> rows = new ArrayList<>();
        // After a SIGKILL the files are as the page cache holds them, so FILE_SYNCED looks like
        // DATA_WRITTEN and DIR_SYNCED like RENAMED (the fsyncs matter for power loss only).
        List<WriteStage> atomic = List.of(WriteStage.TEMP_CREATED, WriteStage.DATA_WRITTEN, WriteStage.RENAMED);
        for (WriteStage s : atomic) {
            rows.add(Arguments.of("training-state", s, 1L));
        }
        for (WriteStage s : atomic) {
            rows.add(Arguments.of("model", s, s == WriteStage.RENAMED ? 2L : 1L));
        }
        rows.add(Arguments.of("training-state", WriteStage.OLD_STATE_REMOVED, 2L));
        return rows.stream();
    }

    @ParameterizedTest(name = "killed at {1} of the {0} file: checkpoint {2} loads")
    @MethodSource("crashPoints")
    void killedAtEachStepOfASnapshotSave(String file, WriteStage stage, long survivor) throws Exception {
        Path snap = dir.resolve("snap");
        Child child = Child.start("snapshot", snap, SMALL, 0, stage.name(), file);

        assertEquals(137, child.waitForExit(), () -> "killed by SIGKILL: " + child.output());
        assertTrue(child.output().contains("committed 1"), child::output);
        assertEquals(survivor, CheckpointWriterMain.check("snapshot", snap, SMALL));

        new SnapshotDir(snap).save(CheckpointWriterMain.snapshot(survivor + 1, SMALL));
        assertEquals(Set.of("model.safetensors", "training-state-%08d.safetensors".formatted(survivor + 1)), SnapshotDirTest.files(snap),
                "the next save leaves no temporary or superseded file");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"snapshot", "file"})
    void killedAtRandomMomentsThePreviousCheckpointLoads(String mode) throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        Path target = dir.resolve(mode);
        long committed = 0;
        for (int kill = 1; kill <= RANDOM_KILLS; kill++) {
            Child child = Child.start(mode, target, LARGE, 0);
            long started = child.awaitLine("saving " + (committed + 1));
            long saved = child.awaitLine("committed " + (committed + 1));
            child.awaitLine("saving " + (committed + 2));
            // The kill moment: anywhere in the save now running (or just after it), at random.
            long delay = (long) (random.nextDouble() * 1.2 * (saved - started));
            TimeUnit.NANOSECONDS.sleep(delay);
            child.process.toHandle().destroyForcibly(); // SIGKILL, leaving the pipe open to read to the end
            assertEquals(137, child.waitForExit(), child::output);
            assertTrue(child.output().contains("resumed " + committed), () -> "resumed where the last kill left it: " + child.output());
            long last = child.lastCommitted();
            long onDisk = CheckpointWriterMain.check(mode, target, LARGE);
            assertTrue(onDisk == last || onDisk == last + 1, () -> "seed " + seed + ": on disk " + onDisk + ", last committed " + last);
            System.out.printf("%s kill %d (seed %d): %.0f ms into a %.0f ms save; last committed %d, on disk %d, files %s%n", mode, kill,
                    seed, delay / 1e6, (saved - started) / 1e6, last, onDisk, SnapshotDirTest.files(target));
            committed = onDisk;
        }
        Child last = Child.start(mode, target, LARGE, 1);
        assertEquals(0, last.waitForExit(), last::output);
        Set<String> expected = mode.equals("file") ? Set.of(CheckpointWriterMain.WEIGHTS)
                : Set.of("model.safetensors", "training-state-%08d.safetensors".formatted(committed + 1));
        assertEquals(expected, SnapshotDirTest.files(target), "a clean save leaves no litter of the killed ones");
    }

    /** A running {@link CheckpointWriterMain} and the lines it has printed, with when each arrived. */
    private record Child(Process process, BlockingQueue<Line> lines, List<String> seen, CountDownLatch ended) {
        private record Line(String text, long nanos) {}

        static Child start(String mode, Path dir, int elements, long count, String... crash) throws IOException {
            List<String> args = new ArrayList<>(List.of(mode, dir.toString(), Integer.toString(elements), Long.toString(count)));
            args.addAll(List.of(crash));
            Process p = new ProcessBuilder(JavaCommand.of(CheckpointWriterMain.class.getName(), args)).redirectErrorStream(true).start();
            Child c = new Child(p, new LinkedBlockingQueue<>(), Collections.synchronizedList(new ArrayList<>()), new CountDownLatch(1));
            Thread.startVirtualThread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        c.seen.add(line);
                        c.lines.add(new Line(line, System.nanoTime()));
                    }
                } catch (IOException e) {
                    c.seen.add("(output unreadable: " + e + ")");
                } finally {
                    c.lines.add(new Line(null, System.nanoTime()));
                    c.ended.countDown();
                }
            });
            return c;
        }

        /** Waits for the line {@code text} and returns when it arrived (System.nanoTime). */
        long awaitLine(String text) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (true) {
                Line line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (line == null || line.text() == null) {
                    throw new AssertionError((line == null ? "timed out" : "the writer ended") + " before printing \"" + text + "\": " + output());
                }
                if (line.text().equals(text)) {
                    return line.nanos();
                }
            }
        }

        int waitForExit() throws InterruptedException {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("the writer did not exit: " + output());
            }
            return process.exitValue();
        }

        /** The last checkpoint the writer reported saved (call after it exited). */
        long lastCommitted() throws InterruptedException {
            if (!ended.await(30, TimeUnit.SECONDS)) {
                throw new AssertionError("the writer's output did not end: " + output());
            }
            long n = 0;
            for (String line : output().split("\n")) {
                if (line.startsWith("committed ")) {
                    n = Long.parseLong(line.substring("committed ".length()).strip());
                }
            }
            return n;
        }

        String output() {
            synchronized (seen) {
                return String.join("\n", seen);
            }
        }
    }
}
