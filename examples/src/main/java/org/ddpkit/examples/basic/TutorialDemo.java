package org.ddpkit.examples.basic;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.ddpkit.comm.ProcessGroup;
import org.ddpkit.train.checkpoint.ModulePrefix;
import org.ddpkit.train.checkpoint.StateDictFile;
import org.ddpkit.train.ddp.DistributedDataParallel;
import org.ddpkit.train.loss.MseLoss;
import org.ddpkit.train.models.ToyModel;
import org.ddpkit.train.nn.Module;
import org.ddpkit.train.optim.Sgd;
import org.ddpkit.train.random.Generator;
import org.ddpkit.train.tensor.Tensor;

/**
 * The three demos of the DDP tutorial's "basic use case", each one rank's part, printing the
 * tutorial's lines. Every rank builds its ToyModel from its own seed (as unseeded PyTorch
 * processes do), so the wrapper's copy of rank 0's weights matters; inputs are random per rank.
 */
public enum TutorialDemo {
    /** {@code demo_basic}: one training step of a DDP-wrapped ToyModel. */
    BASIC("basic", "Running basic DDP example on rank %d.", "Finished running basic DDP example on rank %d."),
    /** {@code demo_checkpoint}: rank 0 saves, barrier, all load, one step, rank 0 deletes the file. */
    CHECKPOINT("checkpoint", "Running DDP checkpoint example on rank %d.", "Finished running DDP checkpoint example on rank %d."),
    /** {@code demo_model_parallel}: each rank's model split over two devices, 2·rank and 2·rank+1. */
    MODEL_PARALLEL("model-parallel", "Running DDP with model parallel example on rank %d.",
            "Finished running DDP with model parallel example on rank %d.");

    private final String label;
    private final String start;
    private final String end;

    TutorialDemo(String label, String start, String end) {
        this.label = label;
        this.start = start;
        this.end = end;
    }

    /** The name on command lines ({@code basic}, {@code checkpoint}, {@code model-parallel}). */
    public String label() {
        return label;
    }

    public static TutorialDemo byLabel(String label) {
        return Arrays.stream(values()).filter(d -> d.label.equals(label)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown tutorial demo \"" + label + "\""));
    }

    /** The line a rank prints before it joins the group. */
    public String startLine(int rank) {
        return String.format(start, rank);
    }

    /** The line a rank prints once it has left the group. */
    public String endLine(int rank) {
        return String.format(end, rank);
    }

    /** The settings of one run. */
    public record Settings(long seed, Path checkpointFile, boolean keepCheckpoint) {}

    /** Runs this demo's part for {@code group}'s rank (joined already); does not close the group. */
    public void run(ProcessGroup group, Settings s) throws IOException {
        int rank = group.rank();
        Generator g = new Generator(s.seed() * 1_000_003 + rank);
        switch (this) {
            case BASIC -> trainStep(new DistributedDataParallel(new ToyModel(g), group), g);
            case CHECKPOINT -> checkpoint(group, s, g);
            case MODEL_PARALLEL -> {
                try (CpuDevice dev0 = new CpuDevice(2 * rank); CpuDevice dev1 = new CpuDevice(2 * rank + 1)) {
                    trainStep(new DistributedDataParallel(new ToyMpModel(dev0, dev1, g), group), g);
                }
            }
        }
    }

    private static void checkpoint(ProcessGroup group, Settings s, Generator g) throws IOException {
        DistributedDataParallel ddp = new DistributedDataParallel(new ToyModel(g), group);
        Path file = s.checkpointFile();
        if (group.rank() == 0) {
            // All ranks hold rank 0's weights now, so saving one rank's is enough.
            StateDictFile.save(file, ddp.stateDict(), Map.of("demo", "checkpoint", "world_size", Integer.toString(group.size())));
        }
        // Every rank must wait for rank 0's file before loading it.
        group.barrier();
        StateDictFile.loadInto(file, ddp, ModulePrefix.KEEP);
        trainStep(ddp, g);
        // No barrier needed before deleting: every rank loaded the file before the all-reduce of
        // its backward pass, which rank 0's backward waited for too.
        if (group.rank() == 0 && !s.keepCheckpoint()) {
            Files.delete(file);
        }
    }

    /** {@code optimizer.zero_grad(); loss_fn(ddp(randn(20, 10)), randn(20, 5)).backward(); optimizer.step()}. */
    static void trainStep(DistributedDataParallel ddp, Generator g) {
        try (ddp) {
            MseLoss lossFn = new MseLoss();
            Sgd optimizer = new Sgd(ddp.parameters(), 0.001);
            optimizer.zeroGrad();
            Tensor outputs = ddp.forward(randn(g, 20, ToyModel.IN));
            Tensor labels = randn(g, 20, ToyModel.OUT);
            lossFn.forward(outputs, labels);
            ddp.backward(lossFn.backward(), false);
            optimizer.step();
        }
    }

    static Tensor randn(Generator g, int... shape) {
        Tensor t = Tensor.zeros(shape);
        for (int i = 0; i < t.size(); i++) {
            t.data()[i] = g.nextGaussian();
        }
        return t;
    }

    /** For tests: the ToyModel rank 0 starts from for {@code seed}. */
    public static Module rankZeroModel(long seed) {
        return new ToyModel(new Generator(seed * 1_000_003));
    }
}
