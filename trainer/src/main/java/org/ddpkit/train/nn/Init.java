package org.ddpkit.train.nn;

import org.ddpkit.train.random.Generator;
import org.ddpkit.train.tensor.Tensor;

/**
 * PyTorch's default initialisation of Linear and Conv2d: weights
 * {@code kaiming_uniform_(a=√5)}, i.e. uniform in ±gain·√(3/fan_in) with
 * gain = √(2/(1+a²)) = √(1/3), which is ±1/√fan_in; biases uniform in ±1/√fan_in.
 */
public final class Init {
    private Init() {}

    /** The Kaiming-uniform bound for leaky-ReLU slope {@code a} and {@code fanIn} inputs. */
    public static double kaimingUniformBound(double a, int fanIn) {
        double gain = Math.sqrt(2.0 / (1 + a * a));
        return Math.sqrt(3.0) * gain / Math.sqrt(fanIn);
    }

    /** Fills {@code w} uniformly in ±{@link #kaimingUniformBound}(√5, fanIn). */
    public static void kaimingUniform(Tensor w, int fanIn, Generator g) {
        float bound = (float) kaimingUniformBound(Math.sqrt(5), fanIn);
        g.fillUniform(w.data(), w.offset(), w.size(), -bound, bound);
    }

    /** Fills {@code b} uniformly in ±1/√fanIn. */
    public static void biasUniform(Tensor b, int fanIn, Generator g) {
        float bound = (float) (1.0 / Math.sqrt(fanIn));
        g.fillUniform(b.data(), b.offset(), b.size(), -bound, bound);
    }
}
