package org.ddpkit.comm;

import org.ddpkit.comm.perf.TcpStreamPerf;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bench's TCP yardstick as two real JVMs: one way and both ways at once, rank 1 printing GB/s and a CSV row. */
class TcpStreamPerfRanksTest {
    static final Pattern ONE_WAY = Pattern.compile("# tcp-stream: 4194304 bytes x 3, one way: best ([0-9.]+) GB/s, median ([0-9.]+) GB/s");
    static final Pattern BOTH_WAYS = Pattern.compile("# tcp-stream: 4194304 bytes x 3, both ways at once: median ([0-9.]+) GB/s per direction");

    @ParameterizedTest(name = "{0}")
    @CsvSource({"one-way, ''", "both-ways, --both-ways"})
    @Timeout(90)
    void twoRanksMeasureTheStream(String name, String flag) throws Exception {
        Path dir = Path.of("target", "ranks", "tcp-stream-" + name);
        Files.createDirectories(dir);
        Path csv = dir.resolve("rows.csv").toAbsolutePath();
        Files.deleteIfExists(csv);
        List<String> args = new java.util.ArrayList<>(List.of("4M", "3", "--csv", csv.toString(), "--label", "s"));
        if (!flag.isEmpty()) {
            args.add(flag);
        }
        try (RankLauncher l = RankLauncher.start(dir, new int[] {1, 1}, TcpStreamPerf.class, args, Map.of())) {
            assertEquals(List.of(0, 0), l.waitAll(Duration.ofSeconds(80)), l.log(0) + l.log(1));
            Matcher m = (flag.isEmpty() ? ONE_WAY : BOTH_WAYS).matcher(l.log(1));
            assertTrue(m.find(), l.log(1));
            double median = Double.parseDouble(m.group(m.groupCount()));
            assertTrue(median > 0, l.log(1));
            if (flag.isEmpty()) {
                assertTrue(Double.parseDouble(m.group(1)) >= median, l.log(1));
            }
            assertTrue(l.log(0).isBlank(), "only rank 1 prints:\n" + l.log(0));
            List<String> rows = Files.readAllLines(csv);
            assertEquals(1, rows.size(), rows.toString());
            assertTrue(rows.getFirst().startsWith("s,4194304,"), rows.getFirst());
        }
    }
}
