package org.ddpkit.examples.basic;

import java.util.List;
import java.util.Set;
import org.ddpkit.comm.DistEnv;
import org.ddpkit.comm.ProcessGroup;
import org.ddpkit.examples.Demo;
import org.ddpkit.examples.DemoContext;
import org.ddpkit.examples.Distributed;
import org.ddpkit.examples.cli.Flags;
import org.ddpkit.examples.cli.UsageException;

/**
 * One rank of {@code basic-use-case} (internal: {@link BasicUseCase} starts it with the env
 * contract set): prints the demo's first line, joins the group ({@code setup}), runs the demo,
 * leaves ({@code cleanup}) and prints the last line.
 */
public final class BasicUseCaseRank implements Demo {
    public static final String NAME = "basic-use-case-rank";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String summary() {
        return "(internal) one rank of basic-use-case";
    }

    @Override
    public String usage() {
        return "usage: ddp-example " + NAME + " basic|checkpoint|model-parallel --checkpoint-file PATH [--keep-checkpoint]"
                + " [--seed N] [--backend NAME]\n(internal: basic-use-case starts it with RANK, WORLD_SIZE, ... set)\n";
    }

    @Override
    public int run(List<String> args, DemoContext ctx) throws Exception {
        if (args.isEmpty()) {
            throw new UsageException("which demo? basic, checkpoint or model-parallel");
        }
        TutorialDemo demo;
        try {
            demo = TutorialDemo.byLabel(args.get(0));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        Flags f = Flags.parse(NAME, args.subList(1, args.size()), Set.of("--checkpoint-file", "--seed", "--backend"),
                Set.of("--keep-checkpoint"));
        TutorialDemo.Settings settings = new TutorialDemo.Settings(f.longValue("--seed", 0),
                f.path("--checkpoint-file").orElseThrow(() -> new UsageException("--checkpoint-file: needs a value")),
                f.has("--keep-checkpoint"));
        String backend = f.choice("--backend", "cpu", Distributed.BACKENDS);
        int rank = DistEnv.fromEnv(ctx.env()).rank();
        ctx.out().println(demo.startLine(rank));
        try (ProcessGroup group = Distributed.init(ctx.env(), backend)) {
            demo.run(group, settings);
        }
        ctx.out().println(demo.endLine(rank));
        return 0;
    }
}
