package org.ddpkit.examples.basic;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.ddpkit.examples.Demo;
import org.ddpkit.examples.DemoContext;
import org.ddpkit.examples.Distributed;
import org.ddpkit.examples.Main;
import org.ddpkit.examples.cli.Flags;

/**
 * {@code basic-use-case}: the DDP tutorial's {@code __main__}: runs {@code demo_basic},
 * {@code demo_checkpoint} and {@code demo_model_parallel} in turn, each in a fresh set of rank
 * processes that it starts itself ({@code mp.spawn}). On the CPU there is no fixed number of
 * devices: each rank gets two CPU "devices" (threads), so all three demos run with
 * {@code --world-size} ranks (devices = 2 × world size, and model parallel's world size =
 * devices / 2, as in the tutorial).
 */
public final class BasicUseCase implements Demo {
    static final List<String> DEMOS = List.of("all", "basic", "checkpoint", "model-parallel");
    private static final String USAGE = """
            usage: ddp-example basic-use-case [--world-size N] [--demo all|basic|checkpoint|model-parallel]
                                              [--checkpoint-file PATH] [--keep-checkpoint] [--seed N] [--backend cpu|mpj|nccl]

            Starts the ranks itself (like mp.spawn) on this host and runs the DDP tutorial's demos:
            basic, checkpoint (rank 0 saves, all load, rank 0 deletes), model parallel (each rank's
            model on two CPU devices, 2·rank and 2·rank+1).
              --world-size N          ranks per demo (default 4)
              --demo NAME             run one demo only (default all, in the tutorial's order)
              --checkpoint-file PATH  the checkpoint demo's file (default: model.checkpoint in a new
                                      temporary directory, removed afterwards)
              --keep-checkpoint       rank 0 leaves the file in place (to inspect it)
              --seed N                seed of the ranks' weights and inputs (default 0)
              --backend NAME          process-group backend (default cpu)
            """;

    @Override
    public String name() {
        return "basic-use-case";
    }

    @Override
    public String summary() {
        return "starts 4 local ranks (like mp.spawn): basic, checkpoint and model-parallel demos";
    }

    @Override
    public String usage() {
        return USAGE;
    }

    @Override
    public int run(List<String> args, DemoContext ctx) throws Exception {
        Flags f = Flags.parse(name(), args, Set.of("--world-size", "--demo", "--checkpoint-file", "--seed", "--backend"),
                Set.of("--keep-checkpoint"));
        int world = f.integer("--world-size", 4, 1);
        String which = f.choice("--demo", "all", DEMOS);
        long seed = f.longValue("--seed", 0);
        String backend = f.choice("--backend", "cpu", Distributed.BACKENDS);
        Path tmp = null;
        Path checkpoint;
        if (f.has("--checkpoint-file")) {
            checkpoint = f.path("--checkpoint-file").orElseThrow().toAbsolutePath();
        } else {
            tmp = Files.createTempDirectory("ddp-example-");
            checkpoint = tmp.resolve("model.checkpoint");
        }
        try {
            RankSpawner spawner = new RankSpawner(ctx.env(), ctx.err());
            for (TutorialDemo d : TutorialDemo.values()) {
                if (!which.equals("all") && !which.equals(d.label())) {
                    continue;
                }
                List<String> rankArgs = new ArrayList<>(List.of(BasicUseCaseRank.NAME, d.label(), "--seed", Long.toString(seed),
                        "--backend", backend, "--checkpoint-file", checkpoint.toString()));
                if (f.has("--keep-checkpoint")) {
                    rankArgs.add("--keep-checkpoint");
                }
                int code = spawner.spawn("demo " + d.label(), world, JvmCommand.sameAsThisJvm(Main.class.getName(), rankArgs));
                if (code != 0) {
                    return code;
                }
            }
            return 0;
        } finally {
            if (tmp != null) {
                Files.deleteIfExists(checkpoint);
                Files.deleteIfExists(tmp);
            }
        }
    }
}
