package org.ddpkit.train.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ddpkit.train.models.ToyModel;
import org.ddpkit.train.nn.Linear;
import org.ddpkit.train.nn.Module;
import org.ddpkit.train.nn.Sequential;
import org.ddpkit.train.random.Generator;
import org.ddpkit.train.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Saving a model's weights and loading them into a model, bare or DDP-wrapped, all or nothing. */
class StateDictFileTest {
    @TempDir
    Path dir;

    /** What PyTorch's DistributedDataParallel looks like to state_dict(): the model as child "module". */
    private static Module ddpWrapped(Module m) {
        return new Sequential().add(ModulePrefix.PREFIX.substring(0, ModulePrefix.PREFIX.length() - 1), m);
    }

    @Test
    void savedWeightsCarryPyTorchMetadataAndLoadBack() throws Exception {
        ToyModel a = new ToyModel(new Generator(1));
        Path file = dir.resolve("toy.safetensors");
        StateDictFile.save(file, a.stateDict(), Map.of("step", "12", "model_class", "ToyModel"));

        TensorFile f = StateDictFile.load(file);

        assertEquals(List.of("net1.weight", "net1.bias", "net2.weight", "net2.bias"), List.copyOf(f.tensors().keySet()));
        assertEquals("pt", f.metadata().get("format"));
        assertEquals("1", f.metadata().get("ddpkit.version"));
        assertEquals("12", f.metadata().get("step"));
        assertTrue(f.verified());
        ToyModel b = new ToyModel(new Generator(2));
        StateDictFile.loadInto(file, b, ModulePrefix.KEEP);
        assertSameWeights(a, b);
    }

    @Test
    void saveCopiesSoLaterTrainingDoesNotLeakIn() throws Exception {
        ToyModel a = new ToyModel(new Generator(1));
        Map<String, StoredTensor> before = StateDictFile.copies(a.stateDict());
        Path file = dir.resolve("toy.safetensors");
        StateDictFile.save(file, a.stateDict(), Map.of());
        a.stateDict().values().forEach(t -> t.fill(9f));

        assertEquals(before, StateDictFile.load(file).tensors());
    }

    @ParameterizedTest(name = "saved {0} wrapped, loaded into the other kind")
    @EnumSource(Wrap.class)
    void autoPrefixLoadsAcrossDdpWrapping(Wrap savedFrom) throws Exception {
        ToyModel trained = new ToyModel(new Generator(3));
        Module saved = savedFrom == Wrap.DDP ? ddpWrapped(trained) : trained;
        ToyModel fresh = new ToyModel(new Generator(4));
        Module target = savedFrom == Wrap.DDP ? fresh : ddpWrapped(fresh);
        Path file = dir.resolve("w.safetensors");
        StateDictFile.save(file, saved.stateDict(), Map.of());

        StateDictFile.loadInto(file, target, ModulePrefix.AUTO);

        assertSameWeights(trained, fresh);
    }

    @Test
    void keepWithTheOtherPrefixFailsWithAHintAndLoadsNothing() throws Exception {
        Path file = dir.resolve("ddp.safetensors");
        StateDictFile.save(file, ddpWrapped(new ToyModel(new Generator(5))).stateDict(), Map.of());
        ToyModel target = new ToyModel(new Generator(6));
        Map<String, StoredTensor> before = StateDictFile.copies(target.stateDict());

        CheckpointException e = assertThrows(CheckpointException.class, () -> StateDictFile.loadInto(file, target, ModulePrefix.KEEP));

        assertEquals(file, e.file());
        assertTrue(e.problem().contains("missing net1.weight"), e.problem());
        assertTrue(e.problem().contains("unexpected module.net1.weight"), e.problem());
        assertTrue(e.problem().endsWith("(DDP's \"module.\" prefix differs: try ModulePrefix.AUTO)"), e.problem());
        assertEquals(before, StateDictFile.copies(target.stateDict()), "the model is untouched");
    }

    @Test
    void wrongShapeFailsAndLoadsNothing() throws Exception {
        Path file = dir.resolve("other.safetensors");
        Sequential other = new Sequential().add("net1", new Linear(10, 10, new Generator(7))).add("net2", new Linear(10, 6, new Generator(7)));
        StateDictFile.save(file, other.stateDict(), Map.of());
        ToyModel target = new ToyModel(new Generator(8));
        Map<String, StoredTensor> before = StateDictFile.copies(target.stateDict());

        CheckpointException e = assertThrows(CheckpointException.class, () -> StateDictFile.loadInto(file, target, ModulePrefix.AUTO));

        assertTrue(e.problem().contains("net2.weight has shape [6, 10], the model needs [5, 10]"), e.problem());
        assertEquals(before, StateDictFile.copies(target.stateDict()), "net1 was not loaded either");
    }

    @Test
    void damagedFileLoadsNothingIntoTheModel() throws Exception {
        Path file = dir.resolve("toy.safetensors");
        StateDictFile.save(file, new ToyModel(new Generator(9)).stateDict(), Map.of());
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 1] ^= 0x40;
        Files.write(file, bytes);
        ToyModel target = new ToyModel(new Generator(10));
        Map<String, StoredTensor> before = StateDictFile.copies(target.stateDict());

        CheckpointException e = assertThrows(CheckpointException.class, () -> StateDictFile.loadInto(file, target, ModulePrefix.AUTO));

        assertTrue(e.problem().startsWith("checksum mismatch"), e.problem());
        assertEquals(before, StateDictFile.copies(target.stateDict()));
    }

    @Test
    void otherFloatTypesConvertAndIntegersAreRefused() throws Exception {
        ToyModel a = new ToyModel(new Generator(11));
        Map<String, StoredTensor> f64 = new LinkedHashMap<>();
        a.stateDict().forEach((k, t) -> {
            float[] v = t.toArray();
            double[] d = new double[v.length];
            for (int i = 0; i < v.length; i++) {
                d[i] = v[i];
            }
            f64.put(k, StoredTensor.f64(d, t.shape()));
        });
        Path file = dir.resolve("f64.safetensors");
        StateDictFile.saveTensors(file, f64, Map.of());
        ToyModel b = new ToyModel(new Generator(12));
        StateDictFile.loadInto(file, b, ModulePrefix.AUTO);
        assertSameWeights(a, b);

        f64.put("net1.bias", StoredTensor.i64(new long[10], 10));
        StateDictFile.saveTensors(file, f64, Map.of());
        CheckpointException e = assertThrows(CheckpointException.class, () -> StateDictFile.loadInto(file, b, ModulePrefix.AUTO));
        assertEquals("tensor \"net1.bias\": a I64 tensor cannot become a float tensor", e.problem());
    }

    @Test
    void aLoadedFileSavesAgainWithFreshDdpkitMetadata() throws Exception {
        Path first = dir.resolve("first.safetensors");
        StateDictFile.save(first, new ToyModel(new Generator(13)).stateDict(), Map.of("step", "5"));
        TensorFile loaded = StateDictFile.load(first);
        Path second = dir.resolve("second.safetensors");

        String sha = StateDictFile.saveTensors(second, loaded.tensors(), Map.of("step", "6", "ddpkit.sha256", "stale", "ddpkit.version", "0"));

        TensorFile again = StateDictFile.load(second);
        assertEquals(sha, again.sha256());
        assertEquals(Map.of("format", "pt", "step", "6", "ddpkit.version", "1", "ddpkit.sha256", sha), again.metadata());
        assertEquals(loaded.tensors(), again.tensors());
    }

    private static void assertSameWeights(Module expected, Module actual) {
        Map<String, Tensor> e = expected.stateDict(), a = actual.stateDict();
        assertEquals(e.keySet(), a.keySet());
        e.forEach((k, t) -> assertArrayEquals(t.toArray(), a.get(k).toArray(), k));
    }

    enum Wrap {
        DDP,
        BARE
    }
}
