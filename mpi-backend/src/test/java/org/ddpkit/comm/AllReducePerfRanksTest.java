package org.ddpkit.comm;

import org.ddpkit.comm.perf.AllReducePerf;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** allreduce-perf as real ranks: rank 0 prints nccl-tests' columns and the CSV rows, with no wrong values, over several sizes. */
class AllReducePerfRanksTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"array", "direct"})
    @Timeout(90)
    void twoRanksPrintTheTableAndCsv(String buffer) throws Exception {
        Path dir = Path.of("target", "ranks", "allreduce-perf-" + buffer);
        Files.createDirectories(dir);
        Path csv = dir.resolve("rows.csv").toAbsolutePath();
        Files.deleteIfExists(csv);
        List<String> args = List.of("-b", "4K", "-e", "64K", "-f", "4", "-w", "1", "-n", "2", "-o", "avg",
                "--csv", csv.toString(), "--label", "t", "--buffer", buffer);
        // direct buffers on two "nodes": the ring reduces them in place
        int[] layout = buffer.equals("direct") ? new int[] {1, 1} : new int[] {2};
        try (RankLauncher l = RankLauncher.start(dir, layout, AllReducePerf.class, args, Map.of())) {
            List<Integer> codes = l.waitAll(Duration.ofSeconds(80));
            assertEquals(List.of(0, 0), codes, l.log(0) + l.log(1));
            List<String> rows = l.log(0).lines().filter(s -> s.matches("^ +\\d+ .*")).toList();
            assertEquals(3, rows.size(), l.log(0));
            for (String row : rows) {
                String[] f = row.trim().split(" +");
                assertEquals(8, f.length, row);
                assertEquals(Long.parseLong(f[0]) / 4, Long.parseLong(f[1]), row);
                assertEquals("float", f[2]);
                assertEquals("avg", f[3]);
                assertEquals("0", f[7], "wrong values: " + row);
            }
            assertTrue(l.log(0).contains("# Out of bounds values : 0 OK"), l.log(0));
            assertTrue(l.lines(1, " ").isEmpty(), "only rank 0 prints the table:\n" + l.log(1));
            List<String> lines = Files.readAllLines(csv);
            assertEquals(3, lines.size(), lines.toString());
            assertTrue(lines.getFirst().startsWith("t,4096,"), lines.getFirst());
        }
    }
}
