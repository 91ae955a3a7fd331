package org.ddpkit.examples.cnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --timeout S}: a rank that hangs (SIGSTOP) makes the other fail within about S seconds
 * with one line naming the hanging rank, instead of waiting forever; the hung rank is then
 * killed and nothing is left running.
 */
class CollectiveTimeoutTest {
    /**
     * Short, but well above the ranks' skew at start-up (one may still load the dataset while the
     * other waits in DDP's first broadcast): 3 s failed there on a 2-core machine at load 13.
     */
    private static final int TIMEOUT_S = 10;

    @BeforeAll
    static void needsTheDataset() {
        CnnRanks.requireDataset();
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void aStoppedRankFailsTheOtherWithinTheTimeoutNamingIt(@TempDir Path dir) throws Exception {
        List<String> args = SnapshotResumeTest.args(dir, 2, "--timeout", Integer.toString(TIMEOUT_S));
        try (CnnRanks ranks = CnnRanks.start(dir, "hang", 2, args)) {
            ranks.awaitLine(1, "Epoch \\[1/2], Batch \\[2/" + SnapshotResumeTest.STEPS + "], Loss: .*", Duration.ofSeconds(150));
            ranks.signal(1, "STOP");
            long stopped = System.nanoTime();
            Optional<Integer> code = ranks.awaitExit(0, Duration.ofSeconds(TIMEOUT_S + 30));
            double seconds = (System.nanoTime() - stopped) / 1e9;
            assertTrue(code.isPresent(), () -> "rank 0 still waits " + seconds + " s after rank 1 stopped:\n" + ranks.describe());
            System.out.printf("rank 0 failed %.1f s after rank 1 was stopped (--timeout %d)%n", seconds, TIMEOUT_S);
            assertEquals(75, code.get(), ranks::describe);
            assertTrue(seconds < TIMEOUT_S + 15, "rank 0 failed " + seconds + " s after the stop, --timeout " + TIMEOUT_S);
            List<String> errors = ranks.err(0).lines().filter(l -> l.startsWith("ddp-example")).toList();
            assertEquals(1, errors.size(), ranks::describe);
            assertTrue(errors.get(0).startsWith("ddp-example elastic-ddp-cnn (rank 0): "), errors.get(0));
            // e.g. "rank 1 failed: it hangs: shared-memory all-reduce timed out on ranks [0], which waited for it, ..."
            assertTrue(errors.get(0).matches(".*\\brank 1\\b.*\\btimed out\\b.*"), "names the hanging rank: " + errors.get(0));
            assertTrue(ranks.err(0).lines().noneMatch(l -> l.startsWith("\tat ")), "no stack trace:\n" + ranks.err(0));
            ranks.signal(1, "KILL");
            assertEquals(Optional.of(128 + 9), ranks.awaitExit(1, Duration.ofSeconds(30)));
        }
    }
}
