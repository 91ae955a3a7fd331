package org.ddpkit.examples;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.ddpkit.examples.cli.Flags;
import org.ddpkit.train.loss.MseLoss;
import org.ddpkit.train.models.ToyModel;
import org.ddpkit.train.nn.Parameter;
import org.ddpkit.train.optim.Sgd;
import org.ddpkit.train.random.Generator;
import org.ddpkit.train.tensor.Tensor;

/**
 * {@code single-forward-backward}: the DDP tutorial's training step without DDP, in one process:
 * ToyModel, MSE on a random input {@code 20×10} and labels {@code 20×5}, backward, one SGD step
 * (lr 0.001). Prints the loss, each parameter's gradient norm, and the loss after the step.
 */
public final class SingleForwardBackward implements Demo {
    private static final String USAGE = """
            usage: ddp-example single-forward-backward [--seed N]

            One forward, backward and SGD step (lr 0.001) of the DDP tutorial's ToyModel on random
            data, in one process; prints the loss and the gradient norms.
              --seed N   seed of the weights and the data (default 0)
            """;

    @Override
    public String name() {
        return "single-forward-backward";
    }

    @Override
    public String summary() {
        return "one process: ToyModel forward, backward, SGD step; loss and gradient norms";
    }

    @Override
    public String usage() {
        return USAGE;
    }

    @Override
    public int run(List<String> args, DemoContext ctx) throws Exception {
        Flags f = Flags.parse(name(), args, Set.of("--seed"), Set.of());
        long seed = f.longValue("--seed", 0);
        Generator g = new Generator(seed);
        ToyModel model = new ToyModel(g);
        MseLoss lossFn = new MseLoss();
        Sgd optimizer = new Sgd(model.parameters(), 0.001);
        Tensor input = randn(g, 20, ToyModel.IN);
        Tensor labels = randn(g, 20, ToyModel.OUT);

        optimizer.zeroGrad();
        Tensor outputs = model.forward(input);
        float loss = lossFn.forward(outputs, labels);
        model.backward(lossFn.backward(), false);
        ctx.out().printf(Locale.ROOT, "loss: %.6f%n", loss);
        for (Map.Entry<String, Parameter> e : model.namedParameters().entrySet()) {
            ctx.out().printf(Locale.ROOT, "%s grad norm: %.6f%n", e.getKey(), norm(e.getValue().grad()));
        }
        optimizer.step();
        float after = lossFn.forward(model.forward(input), labels);
        ctx.out().printf(Locale.ROOT, "loss after one SGD step (lr 0.001): %.6f%n", after);
        return 0;
    }

    /** {@code torch.randn(shape)} from {@code g}. */
    static Tensor randn(Generator g, int... shape) {
        Tensor t = Tensor.zeros(shape);
        for (int i = 0; i < t.size(); i++) {
            t.data()[i] = g.nextGaussian();
        }
        return t;
    }

    /** The L2 norm of a tensor's elements. */
    static double norm(Tensor t) {
        double s = 0;
        for (float v : t.toArray()) {
            s += (double) v * v;
        }
        return Math.sqrt(s);
    }
}
