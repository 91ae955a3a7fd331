package org.ddpkit.train.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.ddpkit.train.models.ToyModel;
import org.ddpkit.train.nn.Parameter;
import org.ddpkit.train.optim.Adadelta;
import org.ddpkit.train.optim.Optimizer;
import org.ddpkit.train.random.Generator;
import org.ddpkit.train.random.GeneratorState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Snapshot directories: what is saved comes back whole, and a resumed run continues bit for bit. */
class SnapshotDirTest {
    @TempDir
    Path dir;

    /** A made-up but deterministic gradient: depends on the weights only, so runs can be compared. */
    private static void step(ToyModel model, Optimizer opt) {
        for (Parameter p : model.parameters()) {
            float[] w = p.data().toArray();
            float[] g = p.grad().data();
            for (int i = 0; i < w.length; i++) {
                g[i] = (float) Math.sin(3 * w[i]) + 0.01f * i;
            }
        }
        opt.step();
    }

    private static TrainingState state(Optimizer opt, long step, Generator g) {
        return new TrainingState(opt.state(), Map.of("epoch", 2L, "step", step, "sampler.position", 640L), Map.of("dropout", g.state()),
                Map.of("loss_sum", 12.345678901234567, "negative_zero", -0.0, "nan_payload", Double.longBitsToDouble(0x7ff8_0000_0000_0123L)));
    }

    @Test
    void aResumedRunEndsWithTheSameParametersBitForBit() throws Exception {
        ToyModel straight = new ToyModel(new Generator(1));
        Optimizer straightOpt = new Adadelta(straight.parameters(), 1.0);
        for (int i = 0; i < 10; i++) {
            step(straight, straightOpt);
        }

        ToyModel first = new ToyModel(new Generator(1));
        Optimizer firstOpt = new Adadelta(first.parameters(), 1.0);
        Generator g = new Generator(5);
        for (int i = 0; i < 4; i++) {
            step(first, firstOpt);
            g.nextLong();
        }
        SnapshotDir snapshots = new SnapshotDir(dir.resolve("snap"));
        snapshots.save(Snapshot.capture(first.stateDict(), state(firstOpt, 4, g), Map.of("world_size", "1")));

        ToyModel resumed = new ToyModel(new Generator(99));
        Optimizer resumedOpt = new Adadelta(resumed.parameters(), 0.5);
        Snapshot s = snapshots.load();
        StateDictFile.copyInto(snapshots.path(), s.model(), resumed, ModulePrefix.AUTO);
        resumedOpt.loadState(s.training().optimizer());
        for (long i = s.training().counter("step", -1); i < 10; i++) {
            step(resumed, resumedOpt);
        }

        assertEquals(new GeneratorState(5, 4), s.training().generators().get("dropout"));
        assertEquals(Map.of("epoch", 2L, "step", 4L, "sampler.position", 640L), s.training().counters());
        assertEquals(12.345678901234567, s.training().value("loss_sum", 0));
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(s.training().value("negative_zero", 1)));
        assertEquals(0x7ff8_0000_0000_0123L, Double.doubleToRawLongBits(s.training().value("nan_payload", 0)), "values keep their bits");
        assertEquals("1", s.metadata().get("world_size"));
        straight.stateDict().forEach((k, t) -> assertArrayEquals(t.toArray(), resumed.stateDict().get(k).toArray(), k));
        assertEquals(straightOpt.stepCount(), resumedOpt.stepCount());
    }

    @Test
    void eachSaveIsTheNextGenerationAndSupersededFilesGo() throws Exception {
        ToyModel model = new ToyModel(new Generator(2));
        Optimizer opt = new Adadelta(model.parameters(), 1.0);
        SnapshotDir snapshots = new SnapshotDir(dir);
        assertTrue(snapshots.loadIfPresent().isEmpty());

        for (long gen = 1; gen <= 3; gen++) {
            step(model, opt);
            assertEquals(gen, snapshots.save(Snapshot.capture(model.stateDict(), state(opt, gen, new Generator(1)), Map.of())));
            assertEquals(Set.of("model.safetensors", "training-state-%08d.safetensors".formatted(gen)), files(dir));
            Snapshot back = snapshots.load();
            assertEquals(gen, back.generation());
            assertEquals(gen, back.training().counter("step", -1));
            assertEquals(StateDictFile.copies(model.stateDict()), back.model());
        }
        Snapshot third = snapshots.load();
        assertEquals(4, snapshots.save(third), "a loaded snapshot saves again (its ddpkit.* metadata is written afresh)");
        assertEquals(third.model(), snapshots.load().model());
        assertEquals(third.training().counters(), snapshots.load().training().counters());
    }

    @Test
    void theModelFileAloneIsAPlainStateDict() throws Exception {
        ToyModel model = new ToyModel(new Generator(3));
        Optimizer opt = new Adadelta(model.parameters(), 1.0);
        new SnapshotDir(dir).save(Snapshot.capture(model.stateDict(), state(opt, 1, new Generator(1)), Map.of("seed", "3")));

        TensorFile weights = StateDictFile.load(dir.resolve(SnapshotDir.MODEL_FILE));

        assertEquals(model.stateDict().keySet(), weights.tensors().keySet());
        assertEquals("pt", weights.metadata().get("format"));
        assertEquals("3", weights.metadata().get("seed"));
        ToyModel other = new ToyModel(new Generator(4));
        StateDictFile.loadInto(dir.resolve(SnapshotDir.MODEL_FILE), other, ModulePrefix.KEEP);
        model.stateDict().forEach((k, t) -> assertArrayEquals(t.toArray(), other.stateDict().get(k).toArray(), k));
    }

    @Test
    void brokenSnapshotsFailClearly() throws Exception {
        ToyModel model = new ToyModel(new Generator(4));
        Optimizer opt = new Adadelta(model.parameters(), 1.0);
        Snapshot snap = Snapshot.capture(model.stateDict(), state(opt, 1, new Generator(1)), Map.of());
        SnapshotDir a = new SnapshotDir(dir.resolve("a"));
        SnapshotDir b = new SnapshotDir(dir.resolve("b"));
        a.save(snap);
        b.save(Snapshot.capture(model.stateDict(), state(opt, 7, new Generator(1)), Map.of()));
        Path stateA = a.path().resolve("training-state-00000001.safetensors");

        Files.copy(b.path().resolve("training-state-00000001.safetensors"), stateA, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertProblem(a, stateA, "does not belong to model.safetensors, which records sha256");

        byte[] bytes = Files.readAllBytes(b.path().resolve("training-state-00000001.safetensors"));
        bytes[bytes.length - 2] ^= 4;
        Files.write(stateA, bytes);
        assertProblem(a, stateA, "checksum mismatch");

        Files.delete(stateA);
        assertProblem(a, stateA, "no such file");

        StateDictFile.save(a.path().resolve(SnapshotDir.MODEL_FILE), model.stateDict(), Map.of());
        assertProblem(a, a.path().resolve(SnapshotDir.MODEL_FILE), "is not a ddpkit snapshot");

        new SafetensorsWriter().write(a.path().resolve(SnapshotDir.MODEL_FILE), Map.of(), Map.of(SnapshotDir.GENERATION_KEY, "1",
                SnapshotDir.STATE_FILE_KEY, "../b/training-state-00000001.safetensors", SnapshotDir.STATE_SHA_KEY, "0"));
        assertProblem(a, a.path().resolve(SnapshotDir.MODEL_FILE), "is not a training-state file name");

        new SafetensorsWriter().write(a.path().resolve(SnapshotDir.MODEL_FILE), Map.of(), Map.of(SnapshotDir.GENERATION_KEY, "x",
                SnapshotDir.STATE_FILE_KEY, "training-state-00000001.safetensors", SnapshotDir.STATE_SHA_KEY, "0"));
        assertProblem(a, a.path().resolve(SnapshotDir.MODEL_FILE), "ddpkit.snapshot.generation = \"x\" is not a generation number");
    }

    static Stream<Arguments> badTrainingStates() {
        return Stream.of(
                Arguments.of("counters.step", StoredTensor.f64(new double[] {1}), "tensor \"counters.step\" is F64[], a training state needs I64[]"),
                Arguments.of("generators.g", StoredTensor.i64(new long[] {1, 2, 3}, 3), "is I64[3], a training state needs I64[2]"),
                Arguments.of("generators.g", StoredTensor.i64(new long[] {1, -2}, 2), "generator counter: must be ≥ 0"),
                Arguments.of("optimizer.step", StoredTensor.scalar(3L), "optimizer state without optimizer.lr"),
                Arguments.of("optimizer.lr", StoredTensor.scalar(0.1), "optimizer state without optimizer.step"),
                Arguments.of("optimizer.state.0.x", StoredTensor.f32(new float[4], 2, 2), "is F32[2, 2], a training state needs F32[4]"),
                Arguments.of("values.loss", StoredTensor.scalar(3L), "tensor \"values.loss\" is I64[], a training state needs F64[]"),
                Arguments.of("model.weight", StoredTensor.scalar(0.1), "tensor \"model.weight\" is not part of a training state"));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("badTrainingStates")
    void trainingStateTensorsAreCheckedByName(String name, StoredTensor tensor, String problem) {
        Path f = dir.resolve("state.safetensors");
        CheckpointException e = assertThrows(CheckpointException.class, () -> TrainingState.fromTensors(f, Map.of(name, tensor)));
        assertEquals(f, e.file());
        assertTrue(e.problem().contains(problem), e.problem());
    }

    private static void assertProblem(SnapshotDir snap, Path file, String problem) {
        CheckpointException e = assertThrows(CheckpointException.class, snap::load);
        assertEquals(file, e.file());
        assertTrue(e.problem().contains(problem), e.problem());
    }

    static Set<String> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
    }
}
