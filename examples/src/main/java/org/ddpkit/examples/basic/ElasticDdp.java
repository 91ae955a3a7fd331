package org.ddpkit.examples.basic;

import java.util.List;
import java.util.Set;
import org.ddpkit.comm.ProcessGroup;
import org.ddpkit.examples.Demo;
import org.ddpkit.examples.DemoContext;
import org.ddpkit.examples.Distributed;
import org.ddpkit.examples.cli.Flags;
import org.ddpkit.train.ddp.DistributedDataParallel;
import org.ddpkit.train.models.ToyModel;
import org.ddpkit.train.random.Generator;

/**
 * {@code elastic-ddp}: the tutorial's torchrun version of the basic demo ({@code elastic_ddp.py}),
 * one rank of it: srun-wrapper (or jobgen's sbatch script) starts it once per rank with the env
 * contract set. Joins the group, prints {@code Start running basic DDP example on rank N.}, takes
 * one DDP training step of the ToyModel and prints {@code Finished running basic DDP example on
 * rank N.}.
 */
public final class ElasticDdp implements Demo {
    private static final String USAGE = """
            usage: ddp-example elastic-ddp [--seed N] [--backend cpu|mpj|nccl]

            One rank of the tutorial's elastic_ddp.py; start it under srun-wrapper, e.g.
              srun-wrapper --standalone --nproc-per-node 2 -- ddp-example elastic-ddp
              jobgen --nodes 2 --gpus 2 -- ddp-example elastic-ddp | sbatch
              --seed N        seed of the weights and inputs (default 0; each rank adds its rank)
              --backend NAME  process-group backend (default cpu)
            """;

    @Override
    public String name() {
        return "elastic-ddp";
    }

    @Override
    public String summary() {
        return "one rank of the tutorial's elastic_ddp.py (start it with srun-wrapper)";
    }

    @Override
    public String usage() {
        return USAGE;
    }

    @Override
    public int run(List<String> args, DemoContext ctx) throws Exception {
        Flags f = Flags.parse(name(), args, Set.of("--seed", "--backend"), Set.of());
        long seed = f.longValue("--seed", 0);
        String backend = f.choice("--backend", "cpu", Distributed.BACKENDS);
        int rank;
        try (ProcessGroup group = Distributed.init(ctx.env(), backend)) {
            rank = group.rank();
            ctx.out().println("Start running basic DDP example on rank " + rank + ".");
            Generator g = new Generator(seed * 1_000_003 + rank);
            TutorialDemo.trainStep(new DistributedDataParallel(new ToyModel(g), group), g);
        }
        ctx.out().println("Finished running basic DDP example on rank " + rank + ".");
        return 0;
    }
}
