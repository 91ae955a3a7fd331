package org.ddpkit.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * bin/srun-wrapper starts its JVM the fast way (libexec/ddpkit/run-java --fast-start): C1 only,
 * no perf data, and the AOT cache that {@code make} records, which the JVM must really open with
 * those flags: a cache the JVM rejects is skipped without a word, and start-up silently slows
 * by tens of milliseconds (scripts/bench.d/20-srun-wrapper measures it).
 */
class LauncherStartTest {
    static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    record Run(int code, String out) {}

    static Run run(Map<String, String> env, String... args) throws IOException, InterruptedException {
        Path bin = InstalledWrapper.require(ROOT);
        ProcessBuilder pb = new ProcessBuilder(concat(bin.toString(), args)).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("SLURM_") || k.equals("JAVA_OPTS"));
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new Run(p.exitValue(), out);
    }

    static List<String> concat(String first, String... rest) {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(first), java.util.Arrays.stream(rest)).toList();
    }

    @Test
    void theLauncherPassesTheFastStartFlagsAndTheCache() throws Exception {
        Run r = run(Map.of("DDPKIT_RUN_JAVA_PRINT", "1"), "--standalone", "--", "true");
        assertEquals(0, r.code(), r.out());
        List<String> words = r.out().lines().toList();
        Path cache = ROOT.resolve("lib/aot/srun-wrapper.aot");
        assertTrue(Files.isRegularFile(cache), cache + " is missing: make records it (scripts/aot-train); without it "
                + "srun-wrapper starts ~25 ms slower");
        assertTrue(words.contains("-XX:TieredStopAtLevel=1"), r.out());
        assertTrue(words.contains("-XX:-UsePerfData"), r.out());
        assertTrue(words.stream().anyMatch(w -> w.startsWith("-XX:AOTCache=") && w.endsWith("lib/aot/srun-wrapper.aot")), r.out());
        assertEquals(List.of("org.ddpkit.launch.Main", "--standalone", "--", "true"), words.subList(words.size() - 4, words.size()));
    }

    @Test
    void theJvmOpensTheCacheWithThoseFlags() throws Exception {
        // JAVA_OPTS comes last, so this -Xlog wins over run-java's -Xlog:aot=off
        Run r = run(Map.of("JAVA_OPTS", "-Xlog:aot=info"), "--version");
        assertEquals(0, r.code(), r.out());
        assertTrue(r.out().contains("srun-wrapper " + Main.VERSION), r.out());
        assertTrue(r.out().contains("Opened AOT cache"), "the JVM did not open lib/aot/srun-wrapper.aot:\n" + r.out());
        assertTrue(r.out().lines().noneMatch(l -> l.contains("[error]") || l.toLowerCase().contains("mismatch")
                || l.contains("Unable to use")), r.out());
    }
}
