package org.ddpkit.train.nn;

import java.util.ArrayList;
import java.util.List;
import org.ddpkit.train.tensor.Tensor;

/**
 * Named layers run in order. A layer that {@link FusesRelu} followed by a {@link ReLU} runs as
 * one fused step, and {@code Conv2d, ReLU, MaxPool2d} as one (see {@link Conv2d}); the results
 * are bit for bit those of running the layers one after the other.
 */
public class Sequential extends Module {
    private final List<Module> layers = new ArrayList<>();
    private int[] steps = new int[0];
    private int stepCount;

    /** Appends {@code layer} under {@code name}; returns this. */
    public Sequential add(String name, Module layer) {
        registerModule(name, layer);
        layers.add(layer);
        steps = new int[layers.size()];
        return this;
    }

    public List<Module> layers() {
        return List.copyOf(layers);
    }

    @Override
    public Tensor forward(Tensor input) {
        Tensor x = input;
        stepCount = 0;
        for (int i = 0; i < layers.size(); i++) {
            Module m = layers.get(i);
            boolean fuse = m instanceof FusesRelu && i + 1 < layers.size() && layers.get(i + 1) instanceof ReLU;
            boolean fusePool = fuse && m instanceof Conv2d && i + 2 < layers.size() && layers.get(i + 2) instanceof MaxPool2d;
            steps[stepCount++] = i;
            if (fusePool) {
                x = ((Conv2d) m).forwardReluMaxPool(x, (MaxPool2d) layers.get(i + 2));
                i += 2;
            } else if (fuse) {
                x = ((FusesRelu) m).forward(x, true);
                i++;
            } else {
                x = m.forward(x);
            }
        }
        return x;
    }

    @Override
    public Tensor backward(Tensor gradOutput, boolean inputGrad) {
        Tensor g = gradOutput;
        for (int k = stepCount - 1; k >= 0; k--) {
            g = layers.get(steps[k]).backward(g, k > 0 || inputGrad);
        }
        return g;
    }
}
