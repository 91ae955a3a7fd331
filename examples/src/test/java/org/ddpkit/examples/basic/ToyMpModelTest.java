package org.ddpkit.examples.basic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.ddpkit.train.loss.MseLoss;
import org.ddpkit.train.models.ToyModel;
import org.ddpkit.train.nn.Parameter;
import org.ddpkit.train.random.Generator;
import org.ddpkit.train.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The model-parallel ToyModel computes what the ToyModel does, each layer on its own device's thread. */
class ToyMpModelTest {
    @Test
    void layersRunOnTheirDevicesAndComputeLikeToyModel() {
        try (CpuDevice dev0 = new CpuDevice(2); CpuDevice dev1 = new CpuDevice(3)) {
            ToyMpModel mp = new ToyMpModel(dev0, dev1, new Generator(5));
            ToyModel plain = new ToyModel(new Generator(5));
            List<String> gradThreads = Collections.synchronizedList(new ArrayList<>());
            mp.namedParameters().forEach((name, p) -> p.addGradReadyHook(q -> gradThreads.add(name + "@" + Thread.currentThread().getName())));
            Generator g = new Generator(9);
            Tensor x = TutorialDemo.randn(g, 20, ToyModel.IN), t = TutorialDemo.randn(g, 20, ToyModel.OUT);
            MseLoss a = new MseLoss(), b = new MseLoss();
            assertEquals(b.forward(plain.forward(x), t), a.forward(mp.forward(x), t));
            mp.backward(a.backward(), false);
            plain.backward(b.backward(), false);
            assertEquals(List.of("net2.bias@cpu:3", "net2.weight@cpu:3", "net1.bias@cpu:2", "net1.weight@cpu:2"), gradThreads);
            List<Parameter> mine = mp.parameters(), theirs = plain.parameters();
            for (int i = 0; i < mine.size(); i++) {
                assertArrayEquals(theirs.get(i).grad().toArray(), mine.get(i).grad().toArray(), "gradient " + i);
            }
        }
    }
}
