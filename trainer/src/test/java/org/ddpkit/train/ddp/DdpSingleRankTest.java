package org.ddpkit.train.ddp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.ddpkit.comm.DistEnv;
import org.ddpkit.comm.GroupOptions;
import org.ddpkit.comm.ProcessGroup;
import org.ddpkit.comm.ProcessGroups;
import org.ddpkit.train.models.MnistCnn;
import org.ddpkit.train.models.ToyModel;
import org.ddpkit.train.nn.Module;
import org.ddpkit.train.nn.Parameter;
import org.ddpkit.train.optim.Optimizer;
import org.ddpkit.train.random.Generator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The wrapper's own behaviour in a world of one rank, where averaging is the identity: names,
 * buckets, hooks, noSync, misuse. Multi-rank arithmetic is {@link DdpEquivalenceTest}'s.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DdpSingleRankTest {
    private static ProcessGroup group;

    @BeforeAll
    static void join() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        group = ProcessGroups.init(DistEnv.single(port), "cpu", GroupOptions.defaults());
    }

    @AfterAll
    static void leave() {
        group.close();
    }

    @Test
    void stateDictNamesGetPyTorchsModulePrefixAndAreLive() {
        ToyModel m = new ToyModel(new Generator(1));
        try (DistributedDataParallel ddp = new DistributedDataParallel(m, group)) {
            assertEquals(List.of("module.net1.weight", "module.net1.bias", "module.net2.weight", "module.net2.bias"),
                    List.copyOf(ddp.stateDict().keySet()));
            assertSame(m.stateDict().get("net1.weight").data(), ddp.stateDict().get("module.net1.weight").data());
            assertSame(m, ddp.module());
        }
    }

    @Test
    void cnnGetsPyTorchsTwoDefaultBuckets() {
        try (DistributedDataParallel ddp = new DistributedDataParallel(new MnistCnn(new Generator(1)), group)) {
            assertEquals(List.of(List.of("fc2.bias", "fc2.weight", "fc1.bias", "fc1.weight"),
                    List.of("conv2.bias", "conv2.weight", "conv1.bias", "conv1.weight")), ddp.bucketParameterNames());
            assertEquals(List.of(10L + 1280 + 128 + 1_179_648, 64L + 18_432 + 32 + 288), ddp.bucketSizes());
            assertEquals(MnistCnn.PARAMETERS, ddp.bucketSizes().stream().mapToLong(Long::longValue).sum());
        }
    }

    @Test
    void keepsTheModelsTrainOrEvalMode() {
        Module m = new MnistCnn(new Generator(1)).eval();
        try (DistributedDataParallel ddp = new DistributedDataParallel(m, group)) {
            assertFalse(ddp.isTraining());
            assertFalse(m.isTraining());
        }
    }

    /** With one rank, DDP training must be bit for bit the bare model's, whichever bucket layout and mode. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"TOY", "TOY_ACCUMULATE", "CNN"})
    void oneRankTrainsExactlyLikeTheBareModel(String scenario) {
        DdpScenario s = DdpScenario.valueOf(scenario);
        Module alone = s.trainAlone(3, 6);
        try (DistributedDataParallel ddp = s.trainDistributed(group, 3, 6)) {
            List<Parameter> mine = ddp.parameters(), theirs = alone.parameters();
            for (int i = 0; i < mine.size(); i++) {
                assertArrayEquals(theirs.get(i).data().toArray(), mine.get(i).data().toArray(), "parameter " + i);
            }
        }
    }

    @Test
    void noSyncAccumulatesAndTheNextSyncedBackwardKeepsTheSum() {
        DdpScenario s = DdpScenario.TOY;
        Module bare = s.model(0);
        for (int k = 0; k < 3; k++) {
            s.forwardBackward(bare, 0, k, 5, 0, 5);
        }
        try (DistributedDataParallel ddp = new DistributedDataParallel(s.model(0), group, s.options)) {
            try (NoSync quiet = ddp.noSync()) {
                assertFalse(ddp.syncEnabled());
                s.forwardBackward(ddp, 0, 0, 5, 0, 5);
                s.forwardBackward(ddp, 0, 1, 5, 0, 5);
            }
            assertTrue(ddp.syncEnabled());
            s.forwardBackward(ddp, 0, 2, 5, 0, 5);
            for (int i = 0; i < bare.parameters().size(); i++) {
                assertArrayEquals(bare.parameters().get(i).grad().toArray(), ddp.parameters().get(i).grad().toArray());
            }
        }
    }

    @Test
    void forwardAfterAnUnsynchronizedBackwardOnTheInnerModelIsRefused() {
        DdpScenario s = DdpScenario.TOY;
        try (DistributedDataParallel ddp = new DistributedDataParallel(s.model(0), group, s.options)) {
            s.forwardBackward(ddp.module(), 0, 0, 5, 0, 5); // hooks fire, nobody finishes the pass
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> ddp.forward(org.ddpkit.train.tensor.Tensor.zeros(5, ToyModel.IN)));
            assertTrue(e.getMessage().contains("finishGradSync()"), e.getMessage());
            assertThrows(IllegalStateException.class, ddp::noSync);
            ddp.finishGradSync();
            ddp.forward(org.ddpkit.train.tensor.Tensor.zeros(5, ToyModel.IN));
        }
    }

    @Test
    void closingRemovesTheHooks() {
        DdpScenario s = DdpScenario.TOY;
        Module m = s.model(0);
        DistributedDataParallel ddp = new DistributedDataParallel(m, group, s.options);
        ddp.close();
        s.forwardBackward(m, 0, 0, 5, 0, 5);
        Optimizer opt = s.optimizer(m);
        opt.step(); // the bare model trains on, the wrapper is out of the way
        assertThrows(IllegalStateException.class, () -> ddp.forward(org.ddpkit.train.tensor.Tensor.zeros(5, ToyModel.IN)));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(longs = {0, 3, -4})
    void bucketCapsBelowOneFloatAreRefused(long bytes) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DdpOptions.defaults().withBucketCapBytes(bytes));
        assertEquals("bucket cap: must be ≥ 4 bytes, got \"" + bytes + "\"", e.getMessage());
        IllegalArgumentException f = assertThrows(IllegalArgumentException.class,
                () -> DdpOptions.defaults().withFirstBucketCapBytes(bytes));
        assertEquals("first bucket cap: must be ≥ 4 bytes, got \"" + bytes + "\"", f.getMessage());
    }
}
