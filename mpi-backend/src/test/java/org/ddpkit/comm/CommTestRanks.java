package org.ddpkit.comm;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs {@link CommTestWorker}'s "collectives" scenario as real ranks and checks what they printed. */
public final class CommTestRanks {
    private CommTestRanks() {}

    /**
     * Starts one JVM per rank ({@code perNode[g]} ranks with GROUP_RANK g) and asserts that all
     * pass every check and print the same checksums (bit-identical results on every rank).
     */
    public static void assertCollectivesPass(String backend, int[] perNode, Path dir) throws Exception {
        assertCollectivesPass(backend, perNode, dir, false);
    }

    /** {@code fullJvm}: run the ranks as bin/* does (C2, Vector API) rather than lean. */
    public static void assertCollectivesPass(String backend, int[] perNode, Path dir, boolean fullJvm) throws Exception {
        RankLauncher.Jvm jvm = fullJvm ? RankLauncher.Jvm.FULL : RankLauncher.Jvm.LEAN;
        try (RankLauncher l = RankLauncher.start(dir, perNode, CommTestWorker.class, List.of(backend, "collectives"),
                Map.of(), jvm)) {
            List<Integer> codes = l.waitAll(Duration.ofSeconds(110));
            for (int r = 0; r < codes.size(); r++) {
                assertEquals(0, codes.get(r), "rank " + r + " failed; its log:\n" + l.log(r));
                assertTrue(l.log(r).contains("OK barrier"), "rank " + r + " did not finish:\n" + l.log(r));
            }
            List<String> crc0 = l.lines(0, "CRC ");
            assertTrue(crc0.size() > 30, "rank 0 printed too few checksums: " + crc0.size());
            for (int r = 1; r < codes.size(); r++) {
                assertEquals(crc0, l.lines(r, "CRC "), "rank " + r + "'s results differ in bits from rank 0's");
            }
        }
    }
}
