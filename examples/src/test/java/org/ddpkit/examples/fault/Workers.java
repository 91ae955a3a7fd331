package org.ddpkit.examples.fault;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.ddpkit.examples.Launchers;
import org.ddpkit.testkit.CommandResult;
import org.ddpkit.testkit.CommandRunner;
import org.ddpkit.testkit.Requirements;

/** Finding a training worker's process by its rank, signalling it, and checking that processes are gone. */
final class Workers {
    /** The main class every {@code bin/ddp-example} worker JVM runs. */
    static final String EXAMPLE_MAIN = "org.ddpkit.examples.Main";

    /** Debian's offline Fashion-MNIST (dataset-fashion-mnist), which the fault tests train on. */
    static final Path DATA = Path.of("/usr/share/datasets/fashion-mnist");

    private Workers() {}

    /** The built launchers and the dataset, or the test skips (fails under CI) saying which is missing. */
    static void requireBuildAndDataset() {
        Launchers.requireBuilt();
        Requirements.require(Files.isRegularFile(DATA.resolve("train-images-idx3-ubyte.gz")),
                "the offline Fashion-MNIST in " + DATA + " (Debian package dataset-fashion-mnist; scripts/bootstrap installs it)");
    }

    /** {@code bin/ddp-example elastic-ddp-cnn --help} lists every flag, or the test skips (fails under CI) naming it. */
    static void requireExampleFlags(String... flags) {
        for (String flag : flags) {
            Requirements.require(exampleHas(Launchers.bin("ddp-example"), flag),
                    "elastic-ddp-cnn " + flag + " (bin/ddp-example elastic-ddp-cnn --help does not list it yet)");
        }
    }

    /** True when process {@code pid} runs {@code bin/ddp-example} with {@code RANK=rank} in its environment. */
    static boolean isWorker(long pid, int rank) {
        return read(pid, "cmdline").contains(EXAMPLE_MAIN) && List.of(read(pid, "environ").split("\0")).contains("RANK=" + rank);
    }

    /** The worker of {@code rank} among the descendants of {@code root}, if it runs. */
    static Optional<ProcessHandle> rank(ProcessHandle root, int rank) {
        return root.descendants().filter(h -> isWorker(h.pid(), rank)).findFirst();
    }

    /** Sends {@code signal} (KILL, STOP, ...) to {@code pid} with kill(1); fails the test when that fails. */
    static void signal(long pid, String signal) {
        try {
            Process k = new ProcessBuilder("kill", "-s", signal, Long.toString(pid)).redirectErrorStream(true).start();
            if (!k.waitFor(10, TimeUnit.SECONDS) || k.exitValue() != 0) {
                throw new AssertionError("kill -s " + signal + " " + pid + " failed: " + new String(k.getInputStream().readAllBytes()));
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run kill", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** True when the process ended (a zombie counts as ended). */
    static boolean gone(ProcessHandle h) {
        return !h.isAlive() || read(h.pid(), "stat").replaceFirst("^.*\\) ", "").startsWith("Z");
    }

    /** The process state letter of {@code pid} (R, S, T, ...), or "" when it is gone. */
    static String state(long pid) {
        String stat = read(pid, "stat");
        int close = stat.lastIndexOf(')');
        return close > 0 && close + 2 < stat.length() ? stat.substring(close + 2, close + 3) : "";
    }

    /** True when {@code bin/ddp-example elastic-ddp-cnn --help} lists {@code flag} (helper flags still being added). */
    static boolean exampleHas(String bin, String flag) {
        CommandResult help = new CommandRunner(java.util.Map.of(), java.time.Duration.ofSeconds(60))
                .run(Path.of("."), List.of(bin, "elastic-ddp-cnn", "--help"));
        return help.stdout().contains("  " + flag + " ") || help.stdout().contains("  " + flag + "\n");
    }

    private static String read(long pid, String file) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), file)), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
