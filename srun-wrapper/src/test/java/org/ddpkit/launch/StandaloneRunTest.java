package org.ddpkit.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The wrapper as a real process on this machine, without SLURM: ranks, env, output. */
@Timeout(60)
class StandaloneRunTest {
    static final Duration EXIT = Duration.ofSeconds(30);
    static final String WRITE_RANK = "echo \"$RANK $LOCAL_RANK $WORLD_SIZE $LOCAL_WORLD_SIZE $GROUP_RANK $MASTER_ADDR $MASTER_PORT"
            + " $DDPKIT_RESTART_COUNT $DDPKIT_RUN_ID\" > \"$OUT/rank_$RANK\"\n";

    @TempDir
    Path dir;

    @Test
    void fourWorkersEachWriteAFileNamedAfterTheirRank() throws IOException {
        Path worker = WrapperRun.script(dir, "worker.sh", WRITE_RANK);
        WrapperRun w = WrapperRun.start(dir, Map.of("OUT", dir.toString()), "--nproc-per-node", "4", "--", worker.toString());
        assertEquals(0, w.awaitExit(EXIT), w::describe);
        Set<String> names = new HashSet<>();
        Set<String> masters = new HashSet<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith("rank_")).toList()) {
                names.add(f.getFileName().toString());
                String[] v = Files.readString(f).trim().split(" ");
                assertEquals(v[0], v[1], "RANK = LOCAL_RANK on one node");
                assertEquals(List.of("4", "4", "0", "127.0.0.1"), List.of(v[2], v[3], v[4], v[5]));
                assertEquals("0", v[7]);
                assertTrue(v[8].startsWith("local-"), v[8]);
                masters.add(v[5] + ":" + v[6]);
            }
        }
        assertEquals(Set.of("rank_0", "rank_1", "rank_2", "rank_3"), names);
        assertEquals(1, masters.size(), "one master for all: " + masters);
        int port = Integer.parseInt(masters.iterator().next().split(":")[1]);
        assertTrue(port >= 10000 && port + 1 < 25000, "MASTER_PORT and +1 outside MPJ's range: " + port);
    }

    @Test
    void outputIsPrefixedWithTheRankLineByLine() {
        Path worker = WrapperRun.script(dir, "talk.sh", "printf 'one\\ntwo\\n'; echo \"err $RANK\" >&2; printf 'no newline'\n");
        WrapperRun w = WrapperRun.start(dir, Map.of(), "--nproc-per-node", "2", "--", worker.toString());
        assertEquals(0, w.awaitExit(EXIT), w::describe);
        List<String> out = w.stdout().lines().sorted().toList();
        assertEquals(List.of("[rank 0]: no newline", "[rank 0]: one", "[rank 0]: two",
                "[rank 1]: no newline", "[rank 1]: one", "[rank 1]: two"), out);
        assertTrue(w.stderrLines().containsAll(List.of("[rank 0]: err 0", "[rank 1]: err 1")), w::describe);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {"--no-prefix | line of 1", "--prefix=none | line of 1",
            "--prefix=torchrun | [trainer1]:line of 1", "--prefix=rank | [rank 1]: line of 1"})
    void thePrefixIsSwitchable(String flag, String expected) {
        Path worker = WrapperRun.script(dir, "talk.sh", "[ $RANK = 1 ] && echo \"line of $RANK\"; true\n");
        WrapperRun w = WrapperRun.start(dir, Map.of(), flag.trim(), "--role", "trainer", "--nproc-per-node", "2", "--", worker.toString());
        assertEquals(0, w.awaitExit(EXIT), w::describe);
        assertEquals(expected.trim() + "\n", w.stdout());
    }

    @Test
    void logDirTakesEachRanksStreamsIntoItsOwnFiles() throws IOException {
        Path worker = WrapperRun.script(dir, "talk.sh", "echo \"out $RANK\"; echo \"err $RANK\" >&2\n");
        Path logs = dir.resolve("logs");
        WrapperRun w = WrapperRun.start(dir, Map.of(), "--nproc-per-node", "2", "--log-dir", logs.toString(), "--rdzv-id", "run7",
                "--", worker.toString());
        assertEquals(0, w.awaitExit(EXIT), w::describe);
        for (int r = 0; r < 2; r++) {
            Path rankDir = logs.resolve("run7/attempt_0/rank_" + r);
            assertEquals("out " + r + "\n", Files.readString(rankDir.resolve("stdout.log")));
            assertEquals("err " + r + "\n", Files.readString(rankDir.resolve("stderr.log")));
        }
        assertEquals("", w.stdout(), "redirected, not on the console");
    }

    @Test
    void teeSendsTheChosenStreamToFileAndConsole() throws IOException {
        Path worker = WrapperRun.script(dir, "talk.sh", "echo \"out $RANK\"; echo \"err $RANK\" >&2\n");
        Path logs = dir.resolve("logs");
        WrapperRun w = WrapperRun.start(dir, Map.of(), "--log-dir", logs.toString(), "--rdzv-id", "t", "--tee", "1", "--redirects", "2",
                "--", worker.toString());
        assertEquals(0, w.awaitExit(EXIT), w::describe);
        assertEquals("[rank 0]: out 0\n", w.stdout());
        assertFalse(w.stderr().contains("err 0"), w::describe);
        assertEquals("out 0\n", Files.readString(logs.resolve("t/attempt_0/rank_0/stdout.log")));
        assertEquals("err 0\n", Files.readString(logs.resolve("t/attempt_0/rank_0/stderr.log")));
    }

    @Test
    void dryRunPrintsThePlanAndStartsNothing() {
        Path worker = WrapperRun.script(dir, "worker.sh", "touch \"$OUT/started\"\n");
        WrapperRun w = WrapperRun.start(dir, Map.of("OUT", dir.toString()), "--nproc-per-node", "2", "--dry-run", "--", worker.toString());
        assertEquals(0, w.awaitExit(EXIT), w::describe);
        assertTrue(w.stdout().contains("mode          : standalone"), w::describe);
        assertTrue(w.stdout().contains("worker rank 1 (local rank 1):\n  RANK=1\n"), w::describe);
        assertFalse(Files.exists(dir.resolve("started")), "--dry-run started a worker");
    }

    @Test
    void badUsageIsOneLineWithExit64() {
        WrapperRun w = WrapperRun.start(dir, Map.of(), "--nproc-per-node", "zero", "--", "true");
        assertEquals(64, w.awaitExit(EXIT), w::describe);
        assertEquals(List.of("srun-wrapper: --nproc-per-node: want a number ≥ 1, gpu, cpu or auto, got \"zero\""), w.stderrLines());
    }

    @Test
    void aMissingCommandIsUsageError() {
        WrapperRun w = WrapperRun.start(dir, Map.of(), "--", "no-such-command-xyz", "arg");
        assertEquals(64, w.awaitExit(EXIT), w::describe);
        assertEquals(List.of("srun-wrapper: COMMAND \"no-such-command-xyz\" is not an executable file on PATH; check the name after --"),
                w.stderrLines());
    }

    @Test
    void insideAnAllocationWithoutStepTheSrunLineIsShown() {
        WrapperRun w = WrapperRun.start(dir, Map.of("SLURM_JOB_ID", "42", "SLURM_JOB_NUM_NODES", "2"), "--nproc-per-node", "2", "--", "true");
        assertEquals(64, w.awaitExit(EXIT), w::describe);
        assertTrue(w.stderr().contains("srun --nodes=2 --ntasks-per-node=1 srun-wrapper --nproc-per-node 2 -- true"), w::describe);
    }

    @Test
    void aWrapperStartedByAWrapperRefusesToStack() {
        WrapperRun w = WrapperRun.start(dir, Map.of("DDPKIT_LAUNCHER", "srun-wrapper"), "--", "true");
        assertEquals(78, w.awaitExit(EXIT), w::describe);
        assertTrue(w.stderr().contains("DDPKIT_LAUNCHER=srun-wrapper is set"), w::describe);
    }
}
