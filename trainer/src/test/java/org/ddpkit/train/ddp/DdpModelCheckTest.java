package org.ddpkit.train.ddp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Ranks that built different models are all told so when they wrap them, instead of hanging. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DdpModelCheckTest {
    @Test
    void everyRankRefusesModelsThatDifferFromRank0s(@TempDir Path dir) throws Exception {
        int world = 3;
        try (RankProcesses ranks = RankProcesses.start(dir, world, DdpRankWorker.class, List.of("mismatch"))) {
            List<Integer> codes = ranks.awaitExit(Duration.ofSeconds(100));
            for (int r = 0; r < world; r++) {
                assertEquals(3, codes.get(r), "rank " + r + ": " + ranks.log(r));
                assertTrue(ranks.log(r).contains("REFUSED DistributedDataParallel: the model on rank(s) [1, 2] has other "
                        + "parameter names or shapes than on rank 0; every rank must build the same model"), ranks.log(r));
            }
        }
    }
}
