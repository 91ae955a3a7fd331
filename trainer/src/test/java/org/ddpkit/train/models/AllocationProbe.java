package org.ddpkit.train.models;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import org.ddpkit.train.loss.NllLoss;
import org.ddpkit.train.optim.Adadelta;
import org.ddpkit.train.random.Generator;
import org.ddpkit.train.tensor.Tensor;

/**
 * Trains the CNN on a batch of 4 until a step allocates at most 16 KB (or 2,000 steps or 80 s
 * pass) and prints {@code least=BYTES}, the fewest bytes one step allocated.
 */
public final class AllocationProbe {
    private AllocationProbe() {}

    public static void main(String[] args) {
        ThreadMXBean tm = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        Generator g = new Generator(12);
        MnistCnn m = new MnistCnn(g);
        Tensor x = TrainingTest.images(g, 4);
        int[] y = TrainingTest.labels(g, 4);
        Adadelta opt = new Adadelta(m.parameters(), 1.0);
        NllLoss nll = new NllLoss();
        long least = Long.MAX_VALUE;
        long deadline = System.nanoTime() + 80_000_000_000L;
        for (int step = 0; step < 2000 && System.nanoTime() < deadline && least > 16_384; step++) {
            long before = tm.getCurrentThreadAllocatedBytes();
            opt.zeroGrad();
            nll.forward(m.forward(x), y);
            m.backward(nll.backward(), false);
            opt.step();
            least = Math.min(least, tm.getCurrentThreadAllocatedBytes() - before);
        }
        System.out.println("least=" + least);
    }
}
