package org.ddpkit.train.models;

import org.ddpkit.train.nn.Linear;
import org.ddpkit.train.nn.ReLU;
import org.ddpkit.train.nn.Sequential;
import org.ddpkit.train.random.Generator;

/** The DDP tutorial's model: {@code net1 = Linear(10, 10)}, ReLU, {@code net2 = Linear(10, 5)}. */
public final class ToyModel extends Sequential {
    public static final int IN = 10;
    public static final int OUT = 5;

    public ToyModel(Generator g) {
        add("net1", new Linear(IN, 10, g));
        add("relu", new ReLU());
        add("net2", new Linear(10, OUT, g));
    }
}
