package org.ddpkit.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.ddpkit.testkit.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Signals sent to the wrapper reach every worker; a wrapper that dies takes its workers with it. */
@Timeout(60)
class SignalTest {
    static final Duration EXIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    /** A worker that records each signal of $SIGNALS it gets in $OUT/got_$RANK, and exits 0 after $STOP_ON. */
    static final String TRAPPING_WORKER = """
            for s in $SIGNALS; do trap "echo $s >> \\"$OUT/got_$RANK\\"; [ $s = \\"$STOP_ON\\" ] && exit 0" $s; done
            echo $$ > "$OUT/ready_$RANK"
            while true; do sleep 0.05; done
            """;

    @ParameterizedTest(name = "SIG{0}")
    @ValueSource(strings = {"USR1", "USR2", "HUP"})
    void aSignalSentToTheWrapperReachesEveryWorker(String signal) throws IOException {
        Path worker = WrapperRun.script(dir, "worker.sh", TRAPPING_WORKER);
        WrapperRun w = WrapperRun.start(dir, Map.of("OUT", dir.toString(), "SIGNALS", "USR1 USR2 HUP TERM INT", "STOP_ON", signal),
                "--nproc-per-node", "3", "--", worker.toString());
        awaitReady(3);
        w.signal(signal);
        int code = w.awaitExit(EXIT);
        for (int r = 0; r < 3; r++) {
            assertEquals(signal, Files.readString(dir.resolve("got_" + r)).trim().split("\n")[0], "rank " + r + "; " + w.describe());
        }
        if (signal.equals("HUP")) {
            assertEquals(128 + 1, code, "a terminating signal ends the wrapper with 128+N: " + w.describe());
        } else {
            assertEquals(0, code, "USR1/USR2 are only passed on; the workers then exited 0: " + w.describe());
            assertTrue(w.stderr().contains("forwarded SIG" + signal + " to 3 worker(s)"), w::describe);
        }
    }

    @ParameterizedTest(name = "SIG{0}")
    @ValueSource(strings = {"USR1", "USR2"})
    void aNoticeThatCameBeforeTheWorkersHandlerIsSentAgain(String signal) throws IOException {
        // As a JVM before its handler is installed, the worker ignores the signal (it is lost)
        // until the test has seen the wrapper forward it, then installs its handler.
        Path worker = WrapperRun.script(dir, "worker.sh", """
                trap '' $SIGNALS
                echo $$ > "$OUT/ready_$RANK"
                while [ ! -f "$OUT/go" ]; do sleep 0.02; done
                trap "echo $SIGNALS >> \\"$OUT/got_$RANK\\"; exit 75" $SIGNALS
                for i in $(seq 200); do sleep 0.05; done
                exit 9
                """);
        WrapperRun w = WrapperRun.start(dir, Map.of("OUT", dir.toString(), "SIGNALS", signal), "--nproc-per-node", "2", "--",
                worker.toString());
        awaitReady(2);
        w.signal(signal);
        Await.until("the wrapper forwards the notice", Duration.ofSeconds(20), w::stderr,
                e -> e.contains("forwarded SIG" + signal + " to 2 worker(s)"));
        Files.writeString(dir.resolve("go"), "");
        assertEquals(75, w.awaitExit(EXIT), w::describe);
        for (int r = 0; r < 2; r++) {
            assertEquals(signal, Files.readString(dir.resolve("got_" + r)).trim(), "rank " + r + "; " + w.describe());
        }
        assertTrue(w.stderr().contains("sent SIG" + signal + " again to 2 worker(s) that were starting when it came"), w::describe);
    }

    @Test
    void sigtermStopsTheGroupAndTheWrapperExits143() throws IOException {
        Path worker = WrapperRun.script(dir, "worker.sh", TRAPPING_WORKER);
        WrapperRun w = WrapperRun.start(dir, Map.of("OUT", dir.toString(), "SIGNALS", "TERM", "STOP_ON", "TERM"),
                "--nproc-per-node", "2", "--", worker.toString());
        awaitReady(2);
        w.signal("TERM");
        assertEquals(143, w.awaitExit(EXIT), w::describe);
        assertEquals("TERM", Files.readString(dir.resolve("got_0")).trim());
        assertEquals("TERM", Files.readString(dir.resolve("got_1")).trim());
        assertTrue(w.stderr().contains("received SIGTERM: forwarded to 2 worker(s)"), w::describe);
    }

    @Test
    void aWrapperKilledBySigkillTakesItsWorkersAndTheirChildrenWithIt() throws IOException {
        Path worker = WrapperRun.script(dir, "worker.sh", """
                sleep 300 &
                echo $! > "$OUT/child_$RANK"
                echo $$ > "$OUT/ready_$RANK"
                wait
                """);
        WrapperRun w = WrapperRun.start(dir, Map.of("OUT", dir.toString()), "--nproc-per-node", "2", "--", worker.toString());
        awaitReady(2);
        List<ProcessHandle> all = new ArrayList<>();
        for (int r = 0; r < 2; r++) {
            all.add(Processes.handle(dir.resolve("ready_" + r)));
            all.add(Processes.handle(dir.resolve("child_" + r)));
        }
        w.signal("KILL");
        assertEquals(137, w.awaitExit(EXIT));
        Await.until("workers and their children gone after the wrapper's SIGKILL", Duration.ofSeconds(10),
                () -> all.stream().filter(h -> !Processes.gone(h)).map(ProcessHandle::pid).toList(), List::isEmpty);
    }

    private void awaitReady(int n) {
        Await.until(n + " workers ready", Duration.ofSeconds(20), () -> {
            int ready = 0;
            for (int r = 0; r < n; r++) {
                ready += Files.exists(dir.resolve("ready_" + r)) ? 1 : 0;
            }
            return ready;
        }, k -> k == n);
    }
}
