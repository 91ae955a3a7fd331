package org.ddpkit.examples.cnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Rank 0's progress: plain lines on an interval for logs, a bar redrawn in place for terminals. */
class ProgressReportTest {
    private static final long S = 1_000_000_000L;
    private final AtomicLong now = new AtomicLong(1000 * S);
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void linesComeEveryIntervalAndAtTheEndOfEachEpoch() {
        ProgressReport p = new ProgressReport(ProgressMode.LINES, out, now::get, 2, 100, 10 * S);
        p.epochStarted(1);
        for (int b = 1; b <= 100; b++) {
            now.addAndGet(S / 2); // 0.5 s per batch of 128 samples: 256 samples/s
            p.batchDone(b, 128);
        }
        p.epochEnded();
        assertEquals("""
                progress: epoch 1/2, batch 20/100 (20%), 256.0 samples/s, elapsed 00:10, ETA 01:30
                progress: epoch 1/2, batch 40/100 (40%), 256.0 samples/s, elapsed 00:20, ETA 01:20
                progress: epoch 1/2, batch 60/100 (60%), 256.0 samples/s, elapsed 00:30, ETA 01:10
                progress: epoch 1/2, batch 80/100 (80%), 256.0 samples/s, elapsed 00:40, ETA 01:00
                progress: epoch 1/2, batch 100/100 (100%), 256.0 samples/s, elapsed 00:50, ETA 00:50
                """, text());
    }

    @Test
    void aResumedRunCountsOnlyItsOwnEpochsForTheEta() {
        ProgressReport p = new ProgressReport(ProgressMode.LINES, out, now::get, 3, 10, 100 * S);
        p.epochStarted(3);
        for (int b = 1; b <= 5; b++) {
            now.addAndGet(S);
            p.batchDone(b, 64);
        }
        p.epochEnded();
        assertEquals("progress: epoch 3/3, batch 5/10 (50%), 64.0 samples/s, elapsed 00:05, ETA 00:05\n", text());
    }

    @Test
    void rateAndEtaFollowTheLastStepsNotTheSlowStart() {
        ProgressReport p = new ProgressReport(ProgressMode.LINES, out, now::get, 1, 200, 1000 * S);
        p.epochStarted(1);
        now.addAndGet(20 * S); // the first step, while the JIT compiles
        p.batchDone(1, 100);
        for (int b = 2; b <= 100; b++) {
            now.addAndGet(S / 10);
            p.batchDone(b, 100);
        }
        assertEquals("progress: epoch 1/1, batch 100/200 (50%), 1,000.0 samples/s, elapsed 00:29, ETA 00:10", p.line(now.get()));
    }

    @Test
    void theBarIsRedrawnInPlaceAndEndsTheLineWithTheEpoch() {
        ProgressReport p = new ProgressReport(ProgressMode.BAR, out, now::get, 1, 4, 10 * S);
        p.epochStarted(1);
        for (int b = 1; b <= 4; b++) {
            now.addAndGet(S);
            p.batchDone(b, 64);
        }
        p.epochEnded();
        String t = text();
        assertTrue(t.startsWith("\rEpoch 1/1 |#######-----------------------|  25% 1/4 [00:01<00:03, 64.0 samples/s]\033[K"), t);
        assertTrue(t.endsWith("\rEpoch 1/1 |##############################| 100% 4/4 [00:04<00:00, 64.0 samples/s]\033[K\n"), t);
        assertEquals(1, t.chars().filter(c -> c == '\n').count(), "one line per epoch: " + t);
    }

    @Test
    void noneSaysNothing() {
        ProgressReport p = new ProgressReport(ProgressMode.NONE, out, now::get, 1, 4, 0);
        p.epochStarted(1);
        p.batchDone(1, 64);
        p.epochEnded();
        assertEquals("", text());
    }

    @ParameterizedTest
    @CsvSource({"0, 00:00", "59, 00:59", "61, 01:01", "3599, 59:59", "3600, 1:00:00", "86399, 23:59:59"})
    void clockTimes(long seconds, String shown) {
        assertEquals(shown, ProgressReport.clockTime(seconds * S));
    }

    @ParameterizedTest
    @CsvSource({"auto, true, bar", "auto, false, lines", "bar, false, bar", "lines, true, lines", "none, true, none"})
    void autoIsABarOnlyOnATerminal(String mode, boolean terminal, String resolved) {
        assertEquals(resolved, ProgressMode.valueOf(mode.toUpperCase()).resolve(terminal).label());
    }
}
