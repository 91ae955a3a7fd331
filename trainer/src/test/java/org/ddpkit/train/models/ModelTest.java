package org.ddpkit.train.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ddpkit.train.nn.Parameter;
import org.ddpkit.train.random.Generator;
import org.ddpkit.train.tensor.Tensor;
import org.junit.jupiter.api.Test;

class ModelTest {
    @Test
    void mnistCnnHasPytorchNamesShapesAndCount() {
        MnistCnn m = new MnistCnn(new Generator(1));
        Map<String, int[]> shapes = new LinkedHashMap<>();
        m.namedParameters().forEach((k, p) -> shapes.put(k, p.data().shape()));
        assertEquals(List.of("conv1.weight", "conv1.bias", "conv2.weight", "conv2.bias",
                "fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"), List.copyOf(shapes.keySet()));
        assertArrayEquals(new int[] {32, 1, 3, 3}, shapes.get("conv1.weight"));
        assertArrayEquals(new int[] {64, 32, 3, 3}, shapes.get("conv2.weight"));
        assertArrayEquals(new int[] {128, 9216}, shapes.get("fc1.weight"));
        assertArrayEquals(new int[] {10, 128}, shapes.get("fc2.weight"));
        assertEquals(1_199_882, m.parameterCount());
        assertEquals(MnistCnn.PARAMETERS, m.parameterCount());
    }

    @Test
    void toyModelHasTheTutorialsLayers() {
        ToyModel m = new ToyModel(new Generator(1));
        assertEquals(List.of("net1.weight", "net1.bias", "net2.weight", "net2.bias"), List.copyOf(m.namedParameters().keySet()));
        assertEquals(10 * 10 + 10 + 10 * 5 + 5, m.parameterCount());
        Tensor y = m.forward(Tensor.zeros(20, 10));
        assertArrayEquals(new int[] {20, 5}, y.shape());
    }

    /** Kaiming-uniform with a=√5 is U(±1/√fan_in): check bounds and the variance bound²/3. */
    @Test
    void initialisationIsPytorchsDefault() {
        MnistCnn m = new MnistCnn(new Generator(2));
        Map<String, Integer> fanIn = Map.of("conv1", 9, "conv2", 288, "fc1", 9216, "fc2", 128);
        for (Map.Entry<String, Parameter> e : m.namedParameters().entrySet()) {
            double bound = 1 / Math.sqrt(fanIn.get(e.getKey().split("\\.")[0]));
            float[] v = e.getValue().data().toArray();
            double sum = 0, sq = 0;
            for (float x : v) {
                assertTrue(Math.abs(x) <= bound, e.getKey() + " value " + x + " outside ±" + bound);
                sum += x;
                sq += x * x;
            }
            if (v.length >= 10_000) {
                double mean = sum / v.length, var = sq / v.length - mean * mean;
                assertEquals(bound * bound / 3, var, 0.03 * bound * bound / 3, e.getKey() + " variance");
                assertEquals(0, mean, 0.02 * bound, e.getKey() + " mean");
            }
        }
    }

    @Test
    void cnnOutputsLogProbabilities() {
        MnistCnn m = new MnistCnn(new Generator(3));
        m.eval();
        Generator g = new Generator(4);
        Tensor x = Tensor.zeros(5, 1, 28, 28);
        for (int i = 0; i < x.size(); i++) {
            x.data()[i] = g.nextGaussian();
        }
        Tensor y = m.forward(x);
        assertArrayEquals(new int[] {5, 10}, y.shape());
        for (int i = 0; i < 5; i++) {
            double s = 0;
            for (int j = 0; j < 10; j++) {
                s += Math.exp(y.get(i, j));
            }
            assertEquals(1.0, s, 1e-5);
        }
    }

    @Test
    void flopCountsMatchTheIssuesFigures() {
        assertEquals(24.0, MnistCnn.FORWARD_FLOPS / 1e6, 0.05);
        assertEquals(71.6, MnistCnn.TRAIN_FLOPS / 1e6, 0.05);
    }
}
