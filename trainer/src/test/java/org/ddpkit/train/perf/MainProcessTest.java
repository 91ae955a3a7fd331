package org.ddpkit.train.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.ddpkit.testkit.JavaCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The tools' mains in fresh JVMs: output format, exit codes, one-line errors without stack traces. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MainProcessTest {
    @TempDir
    Path dir;

    record Result(int exit, String out, String err) {}

    private Result run(Class<?> main, List<String> args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(JavaCommand.of(main.getName(), args));
        cmd.add(1, "-Xmx512m");
        Process p = new ProcessBuilder(cmd).redirectOutput(dir.resolve("out").toFile()).redirectError(dir.resolve("err").toFile()).start();
        assertTrue(p.waitFor(100, TimeUnit.SECONDS), "process finished");
        String err = Files.readString(dir.resolve("err"), StandardCharsets.UTF_8).lines()
                .filter(l -> !l.startsWith("WARNING: Using incubator modules")).reduce("", (a, b) -> a + b + "\n");
        return new Result(p.exitValue(), Files.readString(dir.resolve("out"), StandardCharsets.UTF_8), err);
    }

    @Test
    void trainPerfEndsWithTheMachineReadableLine() throws Exception {
        Result r = run(TrainPerf.class, List.of("--model", "toy", "--batch", "20", "--steps", "5", "--warmup", "2"));
        assertEquals(0, r.exit(), r.err());
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.get(lines.size() - 1).matches("samples_per_s=[0-9.]+ step_ms=[0-9.]+ gflops=[0-9.]+"), r.out());
        assertTrue(r.out().contains("heap: peak used "), r.out());
    }

    static Stream<Arguments> usageErrors() {
        return Stream.of(
                Arguments.of(TrainPerf.class, List.of("--model", "resnet"), "train-perf: --model: must be cnn or toy, got \"resnet\""),
                Arguments.of(TrainPerf.class, List.of("--threads", "0"), "train-perf: --threads: must be ≥ 1, got \"0\""),
                Arguments.of(TrainPerf.class, List.of("--steps", "many"), "train-perf: --steps: must be an integer, got \"many\""),
                Arguments.of(TrainMnist.class, List.of("--dataset", "cifar"), "train-mnist: --dataset: must be mnist or fashion-mnist, got \"cifar\""),
                Arguments.of(TrainMnist.class, List.of("--epoch", "1"), "train-mnist: unknown flag \"--epoch\" (" + MnistRunOptions.USAGE + ")"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("usageErrors")
    void badFlagsExit64WithOneLine(Class<?> main, List<String> args, String message) throws Exception {
        Result r = run(main, args);
        assertEquals(64, r.exit());
        assertEquals(message + "\n", r.err());
    }

    @Test
    void aCorruptDatasetFileExits65NamingIt() throws Exception {
        Files.write(dir.resolve("train-images-idx3-ubyte"), new byte[] {0, 0, 8, 3, 0, 0, 0, 5, 0, 0});
        Files.write(dir.resolve("train-labels-idx1-ubyte"), new byte[] {0, 0, 8, 1, 0, 0, 0, 5, 1, 2, 3, 4, 5});
        Result r = run(TrainMnist.class, List.of("--data-dir", dir.toString()));
        assertEquals(65, r.exit());
        assertEquals("train-mnist: " + dir.resolve("train-images-idx3-ubyte") + ": truncated header: 10 bytes, 3 dimension sizes need 16\n", r.err());
    }
}
