package org.ddpkit.comm;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every JVM exits when main returns, even without closing the group (regression: MPJ's non-daemon threads). */
class ExitTest {

    @ParameterizedTest
    @ValueSource(strings = {"mpj", "cpu"})
    @Timeout(90)
    void jvmExitsWhenMainReturnsWithoutClose(String backend) throws Exception {
        Path dir = Path.of("target", "ranks", "return-without-close-" + backend);
        try (RankLauncher l = RankLauncher.start(dir, new int[] {2}, ReturnWithoutCloseWorker.class, List.of(backend),
                Map.of())) {
            List<Integer> codes = l.waitAll(Duration.ofSeconds(60));
            for (int r = 0; r < 2; r++) {
                assertEquals(0, codes.get(r), "rank " + r + ":\n" + l.log(r));
                assertTrue(l.log(r).contains("SUM 3.0"), l.log(r));
            }
        }
    }
}
