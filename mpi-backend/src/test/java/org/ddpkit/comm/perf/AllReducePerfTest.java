package org.ddpkit.comm.perf;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** allreduce-perf's command line: bad flags exit 64 with one line naming the flag; a bad env 78 (nccl without a GPU: NcclBackendTest). */
class AllReducePerfTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(Map<String, String> env, String... args) {
        return AllReducePerf.run(Arrays.asList(args), env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "-b 3              | -b: must be a multiple of 4 bytes (floats), ≥ 4, got \"3\"",
            "-b 1X             | -b: must be a size like 4096, 64K or 16M, got \"1X\"",
            "-b 8K -e 4K       | -e: must be ≥ -b (8192), got \"4096\"",
            "-f 1              | -f: must be ≥ 2, got \"1\"",
            "-n 0              | -n: must be ≥ 1, got \"0\"",
            "-n many           | -n: must be an integer, got \"many\"",
            "-c 2              | -c: must be 0 or 1, got \"2\"",
            "-o prod           | -o: unknown reduce op \"prod\"; known: sum, avg, max, min",
            "--backend gloo    | --backend: must be one of cpu, mpj, nccl, got \"gloo\"",
            "--buffer pinned   | --buffer: must be array or direct, got \"pinned\"",
            "--shm-chunk 1000  | --shm-chunk: must be 0 (auto) or a positive multiple of 4096 bytes, got \"1000\"",
            "--shm-chunk 3G    | --shm-chunk: must be below 2G, got \"3G\"",
            "--ring-chunk 6    | --ring-chunk: must be a positive multiple of 4 bytes, got \"6\"",
            "--ring-chunk x    | --ring-chunk: must be a size like 4096, 64K or 16M, got \"x\"",
            "--frobnicate      | Unrecognized option: --frobnicate",
            "extra             | unexpected argument \"extra\"",
    })
    void badFlagsExit64NamingTheFlag(String args, String message) {
        assertEquals(64, run(Map.of(), args.trim().split(" +")));
        assertEquals("allreduce-perf: " + message, err().lines().findFirst().orElseThrow());
    }

    @Test
    void helpExitsZero() {
        assertEquals(0, run(Map.of(), "-h"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("--backend NAME"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("--shm-chunk SIZE"));
    }

    @Test
    void missingEnvContractExits78() {
        assertEquals(78, run(Map.of(), "-e", "4K"));
        assertTrue(err().contains("RANK is not set"), err());
    }

    @Test
    void sizesParseAndFormatLikeNcclTests() {
        assertEquals(4096, ByteSize.parse("-b", "4K"));
        assertEquals(64L << 20, ByteSize.parse("-e", "64M"));
        assertEquals(1L << 30, ByteSize.parse("-e", "1G"));
        assertEquals(100, ByteSize.parse("-b", "100"));
        assertEquals("16M", ByteSize.format(16L << 20));
        assertEquals("1000", ByteSize.format(1000));
        assertEquals(List.of("4K", "1G"), List.of(ByteSize.format(4096), ByteSize.format(1L << 30)));
    }

    @Test
    void benchRowsParseAndBadLinesAreNamed() {
        BenchRow r = BenchRow.parse(1, "cpu-2ranks,16777216,3000.5,5.5917,5.5917,0");
        assertEquals(new BenchRow("cpu-2ranks", 16777216, 3000.5, 5.5917, 5.5917, 0), r);
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> BenchRow.parseAll(List.of("# comment", "a,1,2,3")));
        assertEquals("line 2: expected label,bytes,time_us,algbw,busbw,wrong, got \"a,1,2,3\"", e.getMessage());
    }
}
