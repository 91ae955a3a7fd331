package org.ddpkit.examples.cnn;

import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.ddpkit.comm.DistEnv;
import org.ddpkit.comm.GroupOptions;
import org.ddpkit.comm.ProcessGroup;
import org.ddpkit.examples.Demo;
import org.ddpkit.examples.DemoContext;
import org.ddpkit.examples.Distributed;
import org.ddpkit.examples.plot.MetricsPlot;
import org.ddpkit.train.checkpoint.SnapshotDir;
import org.ddpkit.train.checkpoint.StateDictFile;
import org.ddpkit.train.data.MnistDataset;
import org.ddpkit.train.fault.NoticeFlag;
import org.ddpkit.train.kernels.ComputePool;
import org.ddpkit.train.metrics.EvalResult;

/**
 * {@code elastic-ddp-cnn}: one rank of pytorch/examples' MNIST CNN under DDP, started by
 * srun-wrapper (or alone, as a world of one). Prints the example's lines on every rank; rank 0
 * prints the test results, shows progress, and writes {@code metrics.csv} and
 * {@code metrics.png}. The model trains on the CPU, whatever GPUs the wrapper assigned.
 */
public final class ElasticDdpCnn implements Demo {
    private static final long PROGRESS_LINE_NANOS = 10_000_000_000L;
    /**
     * After SIGTERM (with --snapshot): the longest the run may take to reach a step boundary and
     * write its snapshot before it exits anyway (a hang). srun-wrapper's --kill-grace (5 s) and
     * SLURM's KillWait (30 s by default) bound it from outside too.
     */
    static final Duration TERM_DEADLINE = Duration.ofSeconds(10);
    private static final String USAGE = """
            usage: ddp-example elastic-ddp-cnn [OPTIONS]   (one rank; start it with srun-wrapper)

            pytorch/examples' MNIST CNN under DDP: DistributedSampler, batch 64 per rank, Adadelta,
            StepLR; prints the loss every --log-interval batches and the test accuracy per epoch;
            rank 0 writes metrics.csv and metrics.png.
              --epochs N            epochs (default 1)
              --dataset NAME        fashion-mnist (default) or mnist
              --data-dir DIR        the dataset's IDX files (default /usr/share/datasets/fashion-mnist
                                    for fashion-mnist, data/mnist for mnist: see download-mnist)
              --batch-size N        training batch per rank (default 64)
              --lr X                Adadelta learning rate (default 1.0)
              --gamma X             StepLR decay per epoch (default 0.7)
              --seed N              seed of weights, dropout and shuffling (default 1)
              --threads N           compute threads per rank (default 1)
              --limit N             train on the first N samples only (default 0: all 60,000)
              --test-limit N        test on the first N samples only (default 0: all 10,000)
              --log-interval N      batches between loss lines (default 100)
              --snapshot DIR        resume from DIR when it holds a snapshot; save into it (see --save-every);
                                    SIGUSR1/SIGUSR2 then stop every rank after the same step with a
                                    snapshot and exit 75; SIGTERM too (SLURM's preemption), with
                                    exit 143 (at the latest 10 s after it)
              --save-every N|Nepochs snapshot every N training steps or every N epochs (default 1epoch;
                                    the last epoch always ends with one)
              --save-model FILE     rank 0 writes the final model (safetensors, deterministic bytes)
              --timeout S           collective timeout in seconds (default 300): a rank that hangs this
                                    long fails the others, naming it
              --out-dir DIR         where metrics.csv and metrics.png go (default: beside --snapshot,
                                    else out/RUN_ID, RUN_ID being DDPKIT_RUN_ID or the start time)
              --backend NAME        process-group backend: cpu (default), mpj, nccl
              --progress MODE       auto (default: a bar on a terminal, else a line every 10 s),
                                    bar, lines, none
            """;

    @Override
    public String name() {
        return "elastic-ddp-cnn";
    }

    @Override
    public String summary() {
        return "one rank of the MNIST CNN under DDP (DistributedSampler, Adadelta); metrics CSV and plot";
    }

    @Override
    public String usage() {
        return USAGE;
    }

    @Override
    public int run(List<String> args, DemoContext ctx) throws Exception {
        CnnOptions o = CnnOptions.parse(args);
        // First: SIGUSR1/SIGUSR2 would otherwise end the JVM at once. With --snapshot, SIGTERM
        // (SLURM's preemption, scancel, srun-wrapper's stop) stops the run with a snapshot too.
        NoticeFlag notices = o.snapshotDir().isPresent() ? NoticeFlag.installWithTerm(NoticeFlag.SIGNALS, TERM_DEADLINE)
                : NoticeFlag.install(NoticeFlag.SIGNALS);
        PrintStream out = ctx.out();
        Map<String, String> env = withContract(ctx);
        GroupOptions groupOptions = GroupOptions.defaults().withTimeout(Duration.ofSeconds(o.timeout()));
        try (ProcessGroup group = Distributed.init(env, o.backend(), groupOptions); ComputePool pool = ComputePool.create(o.threads())) {
            int rank = group.rank();
            out.println("Initialized process group with rank " + rank + ".");
            out.println("Running on rank " + rank + ". (local device: cpu)");
            String gpus = env.getOrDefault("CUDA_VISIBLE_DEVICES", "");
            if (!gpus.isBlank()) {
                ctx.err().println("note: rank " + rank + " was given GPU " + gpus + " (CUDA_VISIBLE_DEVICES) but trains on the CPU:"
                        + " ddpkit's CNN has CPU kernels only");
            }
            MnistDataset train = MnistDataset.load(o.dataDir(), MnistDataset.Split.TRAIN);
            MnistDataset test = MnistDataset.load(o.dataDir(), MnistDataset.Split.TEST);
            if (o.limit() > 0) {
                train = train.subset(0, Math.min(o.limit(), train.size()));
            }
            if (o.testLimit() > 0) {
                test = test.subset(0, Math.min(o.testLimit(), test.size()));
            }
            CnnTraining t = new CnnTraining(o, group, train, test, pool);
            Optional<StepSnapshots> snapshots = o.snapshotDir().map(d -> new StepSnapshots(new SnapshotDir(d)));
            Resumed resumed = null;
            if (snapshots.isPresent()) {
                resumed = snapshots.get().restore(t, o, rank, group.size()).orElse(null);
                if (resumed != null) {
                    out.println("Resuming training from snapshot at epoch " + resumed.position().epoch() + " step "
                            + resumed.position().step() + " (" + snapshots.get().dir().path() + ")");
                }
            }
            int firstEpoch = resumed == null ? 1 : resumed.position().epoch();
            Path outDir = RunDirectory.choose(o, env, ZonedDateTime.now());
            MetricsCsv metrics = rank == 0 ? (firstEpoch > 1 || resumed != null ? MetricsCsv.resume(outDir, firstEpoch)
                    : MetricsCsv.fresh(outDir)) : null;
            ProgressReport progress = new ProgressReport(rank == 0 ? o.progress().resolve(ctx.terminal()) : ProgressMode.NONE,
                    ctx.err(), System::nanoTime, o.epochs(), t.trainLoader.numBatches(), PROGRESS_LINE_NANOS);
            StepBoundary boundary = new StepBoundary(t, o, group, snapshots, notices, ctx.err());
            EvalResult last = null;
            double trainSeconds = 0, samples = 0;
            for (int epoch = firstEpoch; epoch <= o.epochs(); epoch++) {
                CnnTraining.EpochResult r = t.trainEpoch(epoch, epoch == firstEpoch ? resumed : null, out, progress, boundary);
                if (r.stopped()) {
                    int code = boundary.stop(r.stoppedAt(), out);
                    t.ddp.close();
                    return code;
                }
                out.printf(Locale.ROOT, "Epoch [%d/%d] completed. Loss: %.4f%n", epoch, o.epochs(), r.meanLoss());
                double[] all = t.acrossRanks(r);
                last = t.evaluate();
                double lr = t.optimizer.lr();
                t.scheduler.step();
                trainSeconds += r.seconds();
                samples += all[1];
                if (rank == 0) {
                    out.println();
                    out.println(last);
                    out.println();
                    metrics.append(new EpochMetrics(epoch, all[0], last.meanLoss(), last.accuracy(), lr, r.seconds(), all[1] / r.seconds()));
                }
                boundary.epochEnded(epoch);
            }
            boundary.trainingDone();
            if (rank == 0) {
                finish(o, ctx, group.size(), metrics, last, trainSeconds, samples);
                boundary.reportAgreementCost();
                if (o.saveModelFile().isPresent()) {
                    saveModel(o, t, group.size());
                }
            }
            t.ddp.close();
        }
        return 0;
    }

    /**
     * {@code --save-model FILE}: the final state dict (plain names) with metadata that depends
     * on the run's settings only, so two runs that trained alike write identical bytes.
     */
    private static void saveModel(CnnOptions o, CnnTraining t, int world) throws IOException {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("model", "MnistCnn");
        meta.put("dataset", o.dataset().cliName());
        meta.put("seed", Long.toString(o.seed()));
        meta.put("world_size", Integer.toString(world));
        meta.put("epochs", Integer.toString(o.epochs()));
        StateDictFile.save(o.saveModelFile().orElseThrow(), t.model.stateDict(), meta);
    }

    /** Rank 0's summary: accuracy, time, and where the metrics and the plot are. */
    private static void finish(CnnOptions o, DemoContext ctx, int world, MetricsCsv metrics, EvalResult last, double seconds,
                               double samples) throws IOException {
        PrintStream out = ctx.out();
        if (last == null) {
            out.println("Nothing to train: the snapshot has done all " + o.epochs() + " epoch(s); raise --epochs to train on");
        } else {
            out.printf(Locale.ROOT, "Done: %d epoch(s) on %d rank(s) in %.1f s (%,.0f samples/s); test accuracy %.2f%% (%d/%d)%n",
                    metrics.rows().size(), world, seconds, seconds > 0 ? samples / seconds : 0, 100 * last.accuracy(),
                    last.correct(), last.total());
        }
        if (!metrics.rows().isEmpty()) {
            Path png = metrics.path().resolveSibling(MetricsPlot.FILE);
            MetricsPlot.write(metrics.rows(), "elastic-ddp-cnn: " + o.dataset().cliName() + ", " + world + " rank(s)", png);
            out.println("Metrics: " + metrics.path());
            out.println("Plot: " + png);
        }
    }

    /**
     * The environment with the env contract: as given when srun-wrapper (or a user) set it; a
     * world of one on this host when none of RANK and WORLD_SIZE is set.
     */
    private static Map<String, String> withContract(DemoContext ctx) throws IOException {
        Map<String, String> env = ctx.env();
        if (env.containsKey(DistEnv.RANK) || env.containsKey(DistEnv.WORLD_SIZE)) {
            return env;
        }
        ctx.err().println("elastic-ddp-cnn: RANK and WORLD_SIZE are not set: training as a single process "
                + "(start it with srun-wrapper for more ranks)");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Map<String, String> single = new HashMap<>(env);
        single.putAll(DistEnv.single(port).toEnv());
        return single;
    }
}
