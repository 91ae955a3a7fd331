package org.ddpkit.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The command line: usage, help, and one-line errors with their exit codes (no stack traces). */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MainTest {
    /** The exit code and both streams of one in-process run. */
    record Run(int code, String out, String err) {}

    static Run run(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int code = Main.run(List.of(args), new DemoContext(env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void helpListsEveryDemo() {
        Run r = run(Map.of(), "--help");
        assertEquals(0, r.code());
        for (Demo d : Main.DEMOS) {
            assertTrue(r.out().contains("  " + d.name() + " "), d.name() + " missing from:\n" + r.out());
            Run help = run(Map.of(), d.name(), "--help");
            assertEquals(0, help.code());
            assertTrue(help.out().startsWith("usage: ddp-example " + d.name()), help.out());
        }
    }

    @Test
    void noArgumentsIsAUsageError() {
        Run r = run(Map.of());
        assertEquals(64, r.code());
        assertTrue(r.err().startsWith("usage: ddp-example NAME"), r.err());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            nope                                            | ddp-example: unknown demo "nope"; known: single-forward-backward, basic-use-case, elastic-ddp, elastic-ddp-cnn, download-mnist (ddp-example --help)
            elastic-ddp-cnn --epochs 0                      | ddp-example elastic-ddp-cnn: --epochs: must be ≥ 1, got "0"
            elastic-ddp-cnn --epochs=x                      | ddp-example elastic-ddp-cnn: --epochs: must be an integer, got "x"
            elastic-ddp-cnn --batch-size -1                 | ddp-example elastic-ddp-cnn: --batch-size: must be ≥ 1, got "-1"
            elastic-ddp-cnn --dataset cifar                 | ddp-example elastic-ddp-cnn: --dataset: must be mnist or fashion-mnist, got "cifar"
            elastic-ddp-cnn --progress fancy                | ddp-example elastic-ddp-cnn: --progress: must be one of auto, bar, lines, none, got "fancy"
            elastic-ddp-cnn --backend gloo                  | ddp-example elastic-ddp-cnn: --backend: must be one of cpu, mpj, nccl, got "gloo"
            elastic-ddp-cnn --gamma 1.5                     | ddp-example elastic-ddp-cnn: --gamma: must be in (0, 1], got "1.5"
            elastic-ddp-cnn --lr 0                          | ddp-example elastic-ddp-cnn: --lr: must be a number > 0, got "0"
            elastic-ddp-cnn --limit                         | ddp-example elastic-ddp-cnn: --limit: needs a value
            elastic-ddp-cnn --epoch 2                       | ddp-example elastic-ddp-cnn: unknown option "--epoch" for elastic-ddp-cnn; known: --backend, --batch-size, --data-dir, --dataset, --epochs, --gamma, --limit, --log-interval, --lr, --out-dir, --progress, --save-every, --save-model, --seed, --snapshot, --test-limit, --threads, --timeout
            basic-use-case --world-size 0                   | ddp-example basic-use-case: --world-size: must be ≥ 1, got "0"
            basic-use-case --demo everything                | ddp-example basic-use-case: --demo: must be one of all, basic, checkpoint, model-parallel, got "everything"
            single-forward-backward --seed 1.5              | ddp-example single-forward-backward: --seed: must be an integer, got "1.5"
            download-mnist --dataset kmnist                 | ddp-example download-mnist: --dataset: must be mnist or fashion-mnist, got "kmnist"
            download-mnist --mirror ftp://example.org/      | ddp-example download-mnist: --mirror: must be an http or https URL, got "ftp://example.org/"
            """)
    void badValuesAreOneLineUsageErrors(String args, String message) {
        Run r = run(Map.of(), args.trim().split(" +"));
        assertEquals(64, r.code(), r.err());
        assertEquals(message.trim() + "\n", r.err());
    }

    @Test
    void aRankWithoutTheEnvContractSaysWhatIsMissing() {
        Run r = run(Map.of("WORLD_SIZE", "2"), "elastic-ddp");
        assertEquals(78, r.code(), r.err());
        assertTrue(r.err().startsWith("ddp-example elastic-ddp: RANK is not set: start workers with srun-wrapper"), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
    }

    @Test
    void aMissingDatasetIsBadInputNamingTheFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        Run r = run(Map.of(), "elastic-ddp-cnn", "--data-dir", dir.toString(), "--progress", "none");
        assertEquals(65, r.code(), r.err());
        assertTrue(r.err().contains("ddp-example elastic-ddp-cnn: " + dir.resolve("train-images-idx3-ubyte.gz")
                + ": no such file (nor train-images-idx3-ubyte); download the dataset into " + dir + " first"), r.err());
        assertTrue(r.out().contains("Initialized process group with rank 0."), r.out());
    }
}
