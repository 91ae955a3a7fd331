package org.ddpkit.train.ddp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.ddpkit.train.checkpoint.StateDictFile;
import org.ddpkit.train.checkpoint.StoredTensor;
import org.ddpkit.train.nn.Module;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * N rank processes with batch b each end with the parameters of one process trained with batch
 * N·b (to float tolerance), and with bit-identical parameters on every rank; for the
 * {@link DdpScenario}s (overlapped buckets, gradient accumulation under noSync, the CNN). The CNN
 * runs with 2 ranks only: each of its rank processes spends seconds warming up its kernels, which
 * 4 processes on a 2-core machine turn into a minute; its buckets and Adadelta are the same at 4.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class DdpEquivalenceTest {
    static final int STEPS = 4;
    static final int BATCH = 4;
    private static final Map<DdpScenario, Map<Integer, Module>> REFERENCE = new EnumMap<>(DdpScenario.class);

    @BeforeAll
    static void references() {
        for (DdpScenario s : DdpScenario.values()) {
            Map<Integer, Module> byWorld = new java.util.HashMap<>();
            worlds().forEach(a -> {
                int world = (Integer) a.get()[0];
                if (((Set<?>) a.get()[1]).contains(s)) {
                    byWorld.put(world, s.trainAlone(STEPS, world * BATCH));
                }
            });
            REFERENCE.put(s, byWorld);
        }
    }

    static Stream<Arguments> worlds() {
        return Stream.of(Arguments.of(2, EnumSet.allOf(DdpScenario.class)),
                Arguments.of(4, EnumSet.of(DdpScenario.TOY, DdpScenario.TOY_ACCUMULATE)));
    }

    @ParameterizedTest(name = "{0} ranks: {1}")
    @MethodSource("worlds")
    void ranksMatchOneProcessWithTheWholeBatch(int world, Set<DdpScenario> scenarios, @TempDir Path dir) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of(dir.toString(), Integer.toString(STEPS), Integer.toString(BATCH)));
        scenarios.forEach(s -> args.add(s.name()));
        try (RankProcesses ranks = RankProcesses.start(dir, world, DdpRankWorker.class, args)) {
            ranks.awaitSuccess(Duration.ofSeconds(200));
        }
        for (DdpScenario s : scenarios) {
            Map<String, StoredTensor> rank0 = load(dir, s, 0);
            for (int r = 1; r < world; r++) {
                Map<String, StoredTensor> other = load(dir, s, r);
                assertEquals(rank0.keySet(), other.keySet());
                for (String k : rank0.keySet()) {
                    assertArrayEquals(rank0.get(k).floats(), other.get(k).floats(),
                            s.label() + ": rank " + r + "'s " + k + " differs from rank 0's in some bits");
                }
            }
            Map<String, org.ddpkit.train.tensor.Tensor> alone = REFERENCE.get(s).get(world).stateDict();
            assertEquals(alone.keySet().stream().map(k -> "module." + k).toList(), List.copyOf(rank0.keySet()),
                    "DDP's state dict names are the model's with PyTorch's module. prefix");
            for (String k : alone.keySet()) {
                float[] want = alone.get(k).toArray();
                float[] got = rank0.get("module." + k).floats();
                assertClose(s.label() + " " + k + " with " + world + " ranks", want, got);
            }
        }
    }

    private static Map<String, StoredTensor> load(Path dir, DdpScenario s, int rank) throws java.io.IOException {
        return StateDictFile.load(dir.resolve(s.label() + "-rank" + rank + ".safetensors")).tensors();
    }

    /** |got − want| ≤ 1e-5 + 1e-4·|want| element-wise (float sums in another order). */
    static void assertClose(String what, float[] want, float[] got) {
        assertEquals(want.length, got.length, what + ": length");
        double worst = 0;
        int at = -1;
        for (int i = 0; i < want.length; i++) {
            double excess = Math.abs(got[i] - want[i]) - (1e-5 + 1e-4 * Math.abs(want[i]));
            if (excess > worst) {
                worst = excess;
                at = i;
            }
        }
        int i = at;
        assertTrue(at < 0, () -> what + ": element " + i + " is " + got[i] + ", one process got " + want[i]);
    }
}
