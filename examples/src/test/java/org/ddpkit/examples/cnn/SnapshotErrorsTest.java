package org.ddpkit.examples.cnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.ddpkit.train.checkpoint.Snapshot;
import org.ddpkit.train.checkpoint.SnapshotDir;
import org.ddpkit.train.checkpoint.StoredTensor;
import org.ddpkit.train.checkpoint.TrainingState;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A damaged {@code --snapshot} ends the run with exit 65 and one line naming the damaged file, no stack trace. */
class SnapshotErrorsTest {
    @BeforeAll
    static void needsTheDataset() {
        CnnRanks.requireDataset();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "truncated model file,     model.safetensors,                    truncate, 'model.safetensors: '",
        "bit flip in the state,    training-state-00000001.safetensors,  flip,     'training-state-00000001.safetensors: '",
    })
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aDamagedSnapshotExits65NamingTheFile(String what, String file, String damage, String expected, @TempDir Path dir)
            throws Exception {
        Path snap = dir.resolve("snapshot");
        new SnapshotDir(snap).save(new Snapshot(Map.of("w", StoredTensor.f32(new float[1024], 1024)),
                new TrainingState(null, Map.of("epochs_done", 1L), Map.of()), Map.of()));
        damage(snap.resolve(file), damage);
        try (CnnRanks run = CnnRanks.start(dir, "damaged", 1, SnapshotResumeTest.args(dir, 1, "--snapshot", snap.toString()))) {
            assertEquals(List.of(65), run.awaitAll(Duration.ofSeconds(100)), run::describe);
            List<String> errors = run.err(0).lines().filter(l -> l.startsWith("ddp-example")).toList();
            assertEquals(1, errors.size(), run::describe);
            assertTrue(errors.get(0).startsWith("ddp-example elastic-ddp-cnn (rank 0): " + snap.resolve(expected.trim())), errors.get(0));
            assertTrue(run.err(0).lines().noneMatch(l -> l.startsWith("\tat ")), "no stack trace:\n" + run.err(0));
            assertTrue(run.out(0).lines().noneMatch(l -> l.startsWith("Epoch")), "nothing trained:\n" + run.out(0));
        }
    }

    private static void damage(Path file, String how) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            if (how.equals("truncate")) {
                f.setLength(f.length() / 2);
            } else {
                long at = f.length() / 2;
                f.seek(at);
                int b = f.read();
                f.seek(at);
                f.write(b ^ 0x10);
            }
        }
    }
}
