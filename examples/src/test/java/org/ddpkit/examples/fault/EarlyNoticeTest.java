package org.ddpkit.examples.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.ddpkit.testkit.Await;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A preemption notice that comes while the workers' JVMs are still starting, before
 * {@code elastic-ddp-cnn} installed its handler: SIGUSR1 (whose default action would end a JVM)
 * sent to srun-wrapper the moment its first worker became a java process. bin/ddp-example
 * ignores the signal until the handler is in place, srun-wrapper sends it again, and the run
 * stops as after any notice: a snapshot, then exit 75, no rank killed by the signal.
 */
class EarlyNoticeTest {
    @BeforeAll
    static void needsTheBuildAndTheDataset() {
        Workers.requireBuildAndDataset();
        Workers.requireExampleFlags("--save-every");
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aNoticeBeforeTheHandlerIsNotFatalAndStopsTheRunWithASnapshot(@TempDir Path dir) {
        Path snapshot = dir.resolve("snapshot");
        // 50 batches per rank: the run is still training when the notice's repeats come (1, 3, 7 s)
        TrainingRun run = TrainingRun.start(dir, TrainingRun.command(List.of(), List.of("--epochs", "1", "--limit", "6400",
                "--test-limit", "100", "--log-interval", "1", "--snapshot", snapshot.toString(), "--save-every", "1000",
                "--out-dir", dir.resolve("out").toString())));
        ProcessHandle jvm = Await.until("a worker's JVM started", Duration.ofSeconds(60), () -> firstJava(run.handle()),
                Optional::isPresent).orElseThrow();
        Workers.signal(run.handle().pid(), "USR1");
        assertEquals(75, run.awaitExit(Duration.ofSeconds(90)), run::describe);
        String out = run.stdout();
        String err = run.stderr();
        assertTrue(out.contains("[rank 0]: Preempted at epoch 1 step "), "rank 0 stopped with a snapshot:\n" + run.describe());
        assertTrue(Files.isDirectory(snapshot), snapshot + " was written\n" + run.describe());
        assertTrue(err.contains("forwarded SIGUSR1 to 2 worker(s)"), err);
        assertTrue(err.contains("exited with 75 (stopped early, to be run again)"), err);
        assertTrue(!err.contains("signal SIGUSR1"), "no worker died of the signal:\n" + err);
        System.out.println("EarlyNoticeTest: SIGUSR1 sent when pid " + jvm.pid() + " had just become java; "
                + (err.contains("sent SIGUSR1 again") ? "the wrapper's repeat reached the handler" : "the handler was in place in time"));
    }

    /** The first descendant of the wrapper that is running java (a worker past bin/ddp-example's exec). */
    private static Optional<ProcessHandle> firstJava(ProcessHandle wrapper) {
        return wrapper.descendants().filter(h -> h.info().command().map(c -> c.endsWith("/java")).orElse(false)).findFirst();
    }
}
