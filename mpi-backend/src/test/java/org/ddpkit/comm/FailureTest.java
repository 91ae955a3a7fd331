package org.ddpkit.comm;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A rank that dies in the middle of collectives, or hangs, must make every other rank fail
 * fast with an error naming it, and every JVM must exit.
 */
class FailureTest {

    private static int[] layout(String spec) {
        return Arrays.stream(spec.split("\\+")).mapToInt(Integer::parseInt).toArray();
    }

    @ParameterizedTest(name = "{0}: ranks per node {1}, kill rank {2}")
    @CsvSource({
            "cpu, 2+1,   1",   // a rank in shared memory
            "cpu, 2+1,   2",   // a ring member
            "cpu, 2+1,   0",   // rank 0, which hosts the rendezvous
            "mpj, 2,     1",   // MPJ itself would block forever
    })
    @Timeout(90)
    void killedRankMakesTheOthersFailFastNamingIt(String backend, String nodes, int victim) throws Exception {
        Path dir = Path.of("target", "ranks", "kill-" + backend + "-" + nodes + "-" + victim);
        try (RankLauncher l = RankLauncher.start(dir, layout(nodes), CommTestWorker.class, List.of(backend, "loop"), Map.of())) {
            for (int r = 0; r < l.ranks.size(); r++) {
                l.awaitOutput(r, "LOOPING", Duration.ofSeconds(60));
            }
            long killedAt = System.nanoTime();
            l.ranks.get(victim).destroyForcibly();
            for (int r = 0; r < l.ranks.size(); r++) {
                if (r == victim) {
                    continue;
                }
                assertTrue(l.ranks.get(r).waitFor(20, java.util.concurrent.TimeUnit.SECONDS),
                        "rank " + r + " still runs 20 s after rank " + victim + " was killed; its log:\n" + l.log(r));
                String log = l.log(r);
                assertEquals(ExitCodes.TEMPORARY, l.ranks.get(r).exitValue(), "rank " + r + "'s exit code; log:\n" + log);
                assertTrue(log.contains("ERROR 75 rank " + victim + " failed"),
                        "rank " + r + " must name rank " + victim + ":\n" + log);
            }
            long seconds = (System.nanoTime() - killedAt) / 1_000_000_000L;
            assertTrue(seconds < 15, "the others took " + seconds + " s to fail");
        }
    }

    @ParameterizedTest(name = "{0}: ranks per node {1}, rank {2} hangs")
    @CsvSource({
            "cpu, 1+2, 2",     // a shared-memory rank: its node-mate and the ring wait
            "mpj, 2,   1",
    })
    @Timeout(90)
    void hungRankIsCaughtByTheTimeout(String backend, String nodes, int hanger) throws Exception {
        Path dir = Path.of("target", "ranks", "hang-" + backend + "-" + nodes + "-" + hanger);
        List<String> args = List.of(backend, "hang", Integer.toString(hanger), "--timeout", "3");
        try (RankLauncher l = RankLauncher.start(dir, layout(nodes), CommTestWorker.class, args, Map.of())) {
            for (int r = 0; r < l.ranks.size(); r++) {
                l.awaitOutput(r, "READY", Duration.ofSeconds(60));
            }
            for (int r = 0; r < l.ranks.size(); r++) {
                if (r == hanger) {
                    continue;
                }
                assertTrue(l.ranks.get(r).waitFor(30, java.util.concurrent.TimeUnit.SECONDS),
                        "rank " + r + " still runs 30 s after rank " + hanger + " hung (timeout 3 s); its log:\n" + l.log(r));
                String log = l.log(r);
                assertEquals(ExitCodes.TEMPORARY, l.ranks.get(r).exitValue(), "rank " + r + "'s exit code; log:\n" + log);
                assertTrue(log.contains("rank " + hanger), "rank " + r + " must name rank " + hanger + ":\n" + log);
                assertTrue(log.contains("timed out"), "rank " + r + " must say it timed out:\n" + log);
            }
        }
    }
}
