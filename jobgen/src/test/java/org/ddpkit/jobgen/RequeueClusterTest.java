package org.ddpkit.jobgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ddpkit.testkit.Await;
import org.ddpkit.testkit.LocalSlurm;
import org.ddpkit.testkit.ScratchDir;
import org.ddpkit.testkit.SlurmJob;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code --requeue} scripts on the real local SLURM cluster, with a stand-in worker (a bash
 * script that behaves as the protocol of docs/fault-tolerance.md asks: on SIGUSR2 rank 0 writes
 * a "snapshot", every rank waits at a file barrier until all have stopped, and exits 75; a run
 * that finds the snapshot finishes). The notice is
 * sent with {@code scancel --signal=USR2 --batch} (only the batch shell gets it and passes it on)
 * or {@code --full}; the job runs again, by scontrol requeue or by a follow-up job, and finishes.
 * The real workers: the examples' Preempt tests.
 */
class RequeueClusterTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    private static final String WORKER = """
            #!/bin/bash
            here=$(dirname "$0")
            notice=
            trap 'notice=1' USR2
            run=${SLURM_RESTART_COUNT:-0}.${DDPKIT_RESUBMIT_COUNT:-0}
            if [ -f "$here/snapshot" ]; then echo "rank $SLURM_PROCID resumes"; fi
            # builtins only from here on: with scancel --full the whole process group gets SIGUSR2,
            # which would kill a child such as touch or seq (sleep being killed is harmless)
            : > "$here/ready.$SLURM_PROCID.$run"
            for ((i = 1; i <= 600; i++)); do
              if [ -n "$notice" ]; then
                # as the real workers do: rank 0 writes the snapshot, and no rank exits before every
                # rank has stopped and the snapshot is complete (srun kills the step at the first exit)
                if [ "$SLURM_PROCID" = 0 ]; then : > "$here/snapshot"; fi
                echo "rank $SLURM_PROCID stops"
                : > "$here/stopped.$SLURM_PROCID.$run"
                for ((j = 1; j <= 300; j++)); do
                  set -- "$here"/stopped.*."$run"
                  if [ "$#" -ge "$SLURM_NTASKS" ] && [ -f "$here/snapshot" ]; then exit 75; fi
                  sleep 0.1
                done
                exit 4
              fi
              if [ -f "$here/snapshot" ] && [ "$i" -gt 3 ]; then echo "rank $SLURM_PROCID finished"; exit 0; fi
              sleep 0.1
            done
            exit 3
            """;

    @ParameterizedTest(name = "{0}, scancel {1}")
    @CsvSource({"scontrol, --batch", "scontrol, --full", "resubmit, --batch"})
    @Timeout(180)
    void noticeStopsTheStepAndTheJobRunsAgainToTheEnd(String mode, String scope) {
        LocalSlurm slurm = LocalSlurm.require();
        ScratchDir dir = slurm.scratch("requeue-" + mode);
        Path worker = dir.writeScript("worker.sh", WORKER);
        Path job = dir.write("job.sh", render(List.of("--nodes", "2", "--gpus", "2", "--requeue", "--requeue-mode", mode,
                "--max-requeues", "2", "--output", dir.resolve("job-%j.out").toString(), "--wrapper", "/usr/bin/env",
                "--", worker.toString())));
        String id = slurm.submit(job, List.of());
        for (int rank = 0; rank < 4; rank++) {
            Path ready = dir.resolve("ready." + rank + ".0.0");
            Await.until(ready + " to exist", TIMEOUT, () -> Files.exists(ready), exists -> exists);
        }
        slurm.scancel("--signal=USR2", scope, id).requireOk();

        String lastId = id;
        if (mode.equals("resubmit")) {
            SlurmJob first = slurm.awaitEnd(id, TIMEOUT);
            assertEquals("COMPLETED", first.state(), () -> first.describe() + "\n" + slurm.output(first));
            String out = slurm.output(first);
            Matcher m = Pattern.compile("submitted job (\\d+) ").matcher(out);
            assertTrue(m.find(), "the first job names its follow-up:\n" + out);
            lastId = m.group(1);
            SlurmJob next = slurm.awaitEnd(lastId, TIMEOUT);
            assertTrue(next.field("StartTime").compareTo(first.field("EndTime")) >= 0,
                    () -> "the follow-up (--dependency=afterany) starts after the first job ended: " + next.describe() + "\n" + first.describe());
        }
        SlurmJob done = slurm.awaitEnd(lastId, TIMEOUT);
        String out = slurm.output(done);
        assertEquals("COMPLETED", done.state(), () -> done.describe() + "\n" + out);
        if (mode.equals("scontrol")) {
            assertEquals(1, done.restarts(), done::describe);
            // --open-mode=append keeps the first run's lines in the same file
            assertTrue(out.contains("ddpkit: SLURM_RESTART_COUNT=0\n") && out.contains("ddpkit: SLURM_RESTART_COUNT=1\n"), out);
            assertTrue(out.contains("requeueing job " + id + " (restart 1 of at most 2)"), out);
        } else {
            assertTrue(out.contains("ddpkit: DDPKIT_RESUBMIT_COUNT=1\n"), out);
        }
        for (int rank = 0; rank < 4; rank++) {
            String all = mode.equals("scontrol") ? out : slurm.output(slurm.job(id)) + out;
            assertTrue(all.contains("rank " + rank + " stops"), "rank " + rank + " got the notice:\n" + all);
            assertTrue(out.contains("rank " + rank + " resumes") && out.contains("rank " + rank + " finished"), out);
        }
    }

    private static String render(List<String> args) {
        Outcome o = Outcome.run(Outcome.ENV, args);
        assertEquals(0, o.code(), o::describe);
        return o.out();
    }
}
