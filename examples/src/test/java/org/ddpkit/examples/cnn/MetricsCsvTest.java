package org.ddpkit.examples.cnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import org.ddpkit.train.data.DatasetKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** metrics.csv round trips, continues after a resume, and lands where the run says. */
class MetricsCsvTest {
    static EpochMetrics row(int epoch) {
        return new EpochMetrics(epoch, 1.0 / epoch, 0.5 / epoch, 0.8 + epoch / 100.0, Math.pow(0.7, epoch - 1), 12.5, 1500.5);
    }

    @Test
    void rowsRoundTripAndAResumeKeepsTheEpochsBefore(@TempDir Path dir) throws IOException {
        MetricsCsv m = MetricsCsv.fresh(dir);
        for (int e = 1; e <= 3; e++) {
            m.append(row(e));
        }
        assertEquals(List.of(row(1), row(2), row(3)).stream().map(EpochMetrics::csv).toList(),
                MetricsCsv.read(m.path()).stream().map(EpochMetrics::csv).toList());
        assertEquals(List.of(EpochMetrics.HEADER, "1,1.000000,0.500000,0.810000,1.00000,12.500,1500.5"),
                Files.readAllLines(m.path()).subList(0, 2));
        MetricsCsv resumed = MetricsCsv.resume(dir, 3);
        assertEquals(2, resumed.rows().size(), "epoch 3 is trained again");
        resumed.append(row(3));
        assertEquals(3, MetricsCsv.read(m.path()).size());
        assertTrue(Files.list(dir).noneMatch(p -> p.toString().endsWith(".tmp")), "no temporary file left");
    }

    @Test
    void aFreshRunReplacesAnOldTable(@TempDir Path dir) throws IOException {
        MetricsCsv.fresh(dir).append(row(1));
        MetricsCsv.fresh(dir).append(row(1));
        assertEquals(1, MetricsCsv.read(dir.resolve(MetricsCsv.FILE)).size());
    }

    @Test
    void aForeignFileIsRefusedByName(@TempDir Path dir) throws IOException {
        Path f = Files.writeString(dir.resolve(MetricsCsv.FILE), "a,b\n1,2\n");
        IOException e = assertThrows(IOException.class, () -> MetricsCsv.resume(dir, 2));
        assertEquals(f + ": not a metrics file (its first line is not \"" + EpochMetrics.HEADER + "\")", e.getMessage());
    }

    @ParameterizedTest(name = "out-dir {0}, snapshot {1}, run id {2}")
    @CsvSource(nullValues = "-", value = {
        "/data/run7, /data/snap, 42,         /data/run7",
        "-,          /data/exp/snap, 42,     /data/exp",
        "-,          -, 1234.0,              out/1234.0",
        "-,          -, job 5/step,          out/job_5_step",
        "-,          -, none,                out/elastic-ddp-cnn-20260102-030405",
        "-,          -, -,                   out/elastic-ddp-cnn-20260102-030405",
    })
    void outputDirectory(String outDir, String snapshot, String runId, String expected) {
        CnnOptions o = new CnnOptions(DatasetKind.FASHION_MNIST, Path.of("d"), 1, 64, 1, 0.7, 1, 1, 0, 0, 100,
                snapshot == null ? null : Path.of(snapshot), SaveEvery.EPOCH, null, CnnOptions.DEFAULT_TIMEOUT,
                outDir == null ? null : Path.of(outDir), "cpu", ProgressMode.NONE);
        Map<String, String> env = runId == null ? Map.of() : Map.of("DDPKIT_RUN_ID", runId);
        assertEquals(Path.of(expected), RunDirectory.choose(o, env, ZonedDateTime.parse("2026-01-02T03:04:05Z")));
    }
}
