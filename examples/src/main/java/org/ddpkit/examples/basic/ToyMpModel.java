package org.ddpkit.examples.basic;

import org.ddpkit.train.nn.Linear;
import org.ddpkit.train.nn.Module;
import org.ddpkit.train.nn.ReLU;
import org.ddpkit.train.random.Generator;
import org.ddpkit.train.tensor.Tensor;

/**
 * The tutorial's {@code ToyMpModel}: {@code net1 = Linear(10, 10)} and the ReLU on {@code dev0},
 * {@code net2 = Linear(10, 5)} on {@code dev1}; forward moves the input to dev0 and the hidden
 * activations to dev1 (copies), backward runs the other way, each layer on its own device.
 */
public final class ToyMpModel extends Module {
    private final CpuDevice dev0;
    private final CpuDevice dev1;
    private final Linear net1;
    private final ReLU relu;
    private final Linear net2;

    public ToyMpModel(CpuDevice dev0, CpuDevice dev1, Generator g) {
        this.dev0 = dev0;
        this.dev1 = dev1;
        this.net1 = registerModule("net1", new Linear(10, 10, g));
        this.relu = registerModule("relu", new ReLU());
        this.net2 = registerModule("net2", new Linear(10, 5, g));
    }

    @Override
    public Tensor forward(Tensor input) {
        Tensor x = dev0.run(input::copy);
        Tensor h = dev0.run(() -> relu.forward(net1.forward(x)).copy());
        return dev1.run(() -> net2.forward(h));
    }

    @Override
    public Tensor backward(Tensor gradOutput, boolean inputGrad) {
        Tensor g = dev1.run(() -> net2.backward(gradOutput, true).copy());
        return dev0.run(() -> net1.backward(relu.backward(g, true), inputGrad));
    }
}
