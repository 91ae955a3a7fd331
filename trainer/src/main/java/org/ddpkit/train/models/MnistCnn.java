package org.ddpkit.train.models;

import org.ddpkit.train.nn.Conv2d;
import org.ddpkit.train.nn.Dropout;
import org.ddpkit.train.nn.Flatten;
import org.ddpkit.train.nn.Linear;
import org.ddpkit.train.nn.LogSoftmax;
import org.ddpkit.train.nn.MaxPool2d;
import org.ddpkit.train.nn.ReLU;
import org.ddpkit.train.nn.Sequential;
import org.ddpkit.train.random.Generator;

/**
 * The CNN of pytorch/examples' MNIST example, with the same parameter names:
 * conv1 (1→32, 3×3), ReLU, conv2 (32→64, 3×3), ReLU, max-pool 2, dropout1 (0.25), flatten
 * (9216), fc1 (→128), ReLU, dropout2 (0.5), fc2 (→10), log-softmax; 1,199,882 parameters.
 * Input {@code [N, 1, 28, 28]}, output log-probabilities {@code [N, 10]}. The generator draws
 * the initial weights and, later, the dropout masks.
 */
public final class MnistCnn extends Sequential {
    public static final int PARAMETERS = 1_199_882;
    /** Floating-point operations of one sample's forward pass (2 per multiply-add). */
    public static final long FORWARD_FLOPS = 2L * (26 * 26 * 32 * 9 + 24 * 24 * 64 * 288 + 9216 * 128 + 128 * 10);
    /**
     * Floating-point operations of one sample's training step: the forward, then the weight
     * gradients (as many again) and the input gradients of every layer but the first.
     */
    public static final long TRAIN_FLOPS = 3 * FORWARD_FLOPS - 2L * 26 * 26 * 32 * 9;

    public MnistCnn(Generator g) {
        add("conv1", new Conv2d(1, 32, 3, g));
        add("relu1", new ReLU());
        add("conv2", new Conv2d(32, 64, 3, g));
        add("relu2", new ReLU());
        add("pool", new MaxPool2d(2));
        add("dropout1", new Dropout(0.25, g));
        add("flatten", new Flatten());
        add("fc1", new Linear(9216, 128, g));
        add("relu3", new ReLU());
        add("dropout2", new Dropout(0.5, g));
        add("fc2", new Linear(128, 10, g));
        add("log_softmax", new LogSoftmax());
    }
}
