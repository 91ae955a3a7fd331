package org.ddpkit.train.checkpoint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.function.BiConsumer;
import org.ddpkit.train.optim.OptimizerState;
import org.ddpkit.train.random.GeneratorState;

/**
 * The writer process of {@link CrashSafetyTest}: resumes from the checkpoint in DIR (checking
 * it whole), then saves checkpoint after checkpoint, printing {@code saving N} before and
 * {@code committed N} after each.
 * Checkpoint N holds the value N everywhere, so a mix of two saves cannot pass {@link #check}.
 * <pre>
 * CheckpointWriterMain snapshot|file DIR ELEMENTS COUNT [STAGE FILE-PREFIX]
 * </pre>
 * COUNT 0 saves until killed; with STAGE, the process SIGKILLs itself when a save of checkpoint
 * 2 or later reaches that {@link WriteStage} for a file whose name starts with FILE-PREFIX.
 * Exits 3 when the checkpoint on disk does not load.
 */
public final class CheckpointWriterMain {
    static final String WEIGHTS = "weights.safetensors";

    private CheckpointWriterMain() {}

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        Path dir = Path.of(args[1]);
        int elements = Integer.parseInt(args[2]);
        long count = Long.parseLong(args[3]);
        WriteStage crashAt = args.length > 4 ? WriteStage.valueOf(args[4]) : null;
        String prefix = args.length > 5 ? args[5] : "";
        long[] saving = {0};
        BiConsumer<WriteStage, Path> listener = (stage, target) -> {
            if (stage == crashAt && saving[0] >= 2 && target.getFileName().toString().startsWith(prefix)) {
                killSelf();
            }
        };
        SafetensorsWriter writer = new SafetensorsWriter(new AtomicFile(listener));
        Files.createDirectories(dir);
        long done;
        try {
            done = exists(mode, dir) ? check(mode, dir, elements) : 0;
        } catch (CheckpointException e) {
            System.out.println("LOAD-FAILED " + e.getMessage());
            System.exit(3);
            return;
        }
        System.out.println("resumed " + done);
        for (long i = done + 1; count == 0 || i <= done + count; i++) {
            saving[0] = i;
            System.out.println("saving " + i);
            if (mode.equals("snapshot")) {
                new SnapshotDir(dir, writer).save(snapshot(i, elements));
            } else {
                StateDictFile.saveTensors(writer, dir.resolve(WEIGHTS), Map.of("w", filled(i, elements)), Map.of("step", Long.toString(i)));
            }
            System.out.println("committed " + i);
        }
    }

    static boolean exists(String mode, Path dir) {
        return mode.equals("snapshot") ? new SnapshotDir(dir).exists() : Files.exists(dir.resolve(WEIGHTS));
    }

    /** Checkpoint {@code i} of the snapshot mode. */
    static Snapshot snapshot(long i, int elements) {
        float[] buffer = new float[elements];
        Arrays.fill(buffer, i);
        TrainingState training = new TrainingState(new OptimizerState(i, i / 2.0, Map.of("0.square_avg", buffer)),
                Map.of("step", i), Map.of("data", new GeneratorState(7, i)), Map.of("loss_sum", i / 4.0));
        return new Snapshot(Map.of("w", filled(i, elements)), training, Map.of("step", Long.toString(i)));
    }

    private static StoredTensor filled(long i, int elements) {
        float[] w = new float[elements];
        Arrays.fill(w, i);
        return StoredTensor.f32(w, elements);
    }

    /** Loads the checkpoint in {@code dir} whole, checks that every part of it is checkpoint N, and returns N. */
    static long check(String mode, Path dir, int elements) throws IOException {
        if (mode.equals("snapshot")) {
            Snapshot s = new SnapshotDir(dir).load();
            long i = s.training().counter("step", -1);
            require(s.model().equals(Map.of("w", filled(i, elements))), "model of checkpoint " + i);
            OptimizerState o = s.training().optimizer();
            require(o.step() == i && o.lr() == i / 2.0, "optimizer step/lr of checkpoint " + i);
            require(StoredTensor.f32(o.buffers().get("0.square_avg"), elements).equals(filled(i, elements)), "optimizer buffer " + i);
            require(s.training().generators().equals(Map.of("data", new GeneratorState(7, i))), "generator of checkpoint " + i);
            require(s.training().values().equals(Map.of("loss_sum", i / 4.0)), "values of checkpoint " + i);
            require(s.metadata().get("step").equals(Long.toString(i)) && s.generation() == i, "metadata of checkpoint " + i);
            return i;
        }
        TensorFile f = StateDictFile.load(dir.resolve(WEIGHTS));
        long i = Long.parseLong(f.metadata().get("step"));
        require(f.verified() && f.tensors().equals(Map.of("w", filled(i, elements))), "weights of checkpoint " + i);
        return i;
    }

    private static void require(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException("the checkpoint on disk mixes saves: " + what + " does not match");
        }
    }

    private static void killSelf() {
        try {
            new ProcessBuilder("kill", "-KILL", Long.toString(ProcessHandle.current().pid())).inheritIO().start().waitFor();
            while (true) {
                Thread.sleep(1000); // SIGKILL is on its way; never return into the save
            }
        } catch (IOException | InterruptedException e) {
            Runtime.getRuntime().halt(99);
        }
    }
}
