package org.ddpkit.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Parsing {@code scontrol show job -o} lines, as SLURM 22.05 prints them. */
class SlurmJobTest {
    private static final String FAILED_ARRAY_TASK = "JobId=3 ArrayJobId=2 ArrayTaskId=0 JobName=my job "
            + "UserId=root(0) JobState=FAILED Reason=NonZeroExitCode Dependency=(null) Requeue=1 Restarts=0 "
            + "ExitCode=0:9 NodeList=node1 BatchHost=node1 TRES=cpu=1,node=1,billing=1 CPUs/Task=1 "
            + "ReqB:S:C:T=0:0:*:* Comment=a b=c  StdErr=/tmp/o 3.txt StdIn=/dev/null StdOut=/tmp/o 3.txt Power= ";

    static Stream<Arguments> lines() {
        return Stream.of(
                Arguments.of(FAILED_ARRAY_TASK, "3", "FAILED", 0, 9, 0, "node1", "/tmp/o 3.txt", true),
                Arguments.of("JobId=17 JobName=wrap JobState=RUNNING Reason=None Restarts=1 ExitCode=0:0 "
                        + "NodeList=node[1-2] StdOut=/work/slurm-17.out", "17", "RUNNING", 0, 0, 1, "node[1-2]",
                        "/work/slurm-17.out", false),
                Arguments.of("JobId=5 JobState=PENDING Reason=BeginTime ExitCode=0:0 NodeList=(null)",
                        "5", "PENDING", 0, 0, 0, "(null)", "", false),
                Arguments.of("JobId=6 JobState=COMPLETED Reason=None ExitCode=3:0 NodeList=node2 StdOut=/o",
                        "6", "COMPLETED", 3, 0, 0, "node2", "/o", true),
                Arguments.of("JobId=7 JobState=COMPLETING Reason=None ExitCode=0:15 NodeList=node2",
                        "7", "COMPLETING", 0, 15, 0, "node2", "", false),
                Arguments.of("JobId=8 JobState=CANCELLED Reason=None ExitCode=0:15", "8", "CANCELLED", 0, 15, 0,
                        "", "", true));
    }

    @ParameterizedTest
    @MethodSource("lines")
    void parsesTheFieldsTestsUse(String line, String id, String state, int exit, int signal, int restarts,
                                 String nodes, String stdOut, boolean ended) {
        SlurmJob job = SlurmJob.parse(line);
        assertEquals(List.of(id, state, exit, signal, restarts, nodes, stdOut, ended),
                List.of(job.id(), job.state(), job.exitCode(), job.signal(), job.restarts(), job.nodeList(),
                        job.stdOut(), job.ended()));
    }

    @Test
    void valuesMayHoldSpacesAndLowercaseKeyValueText() {
        SlurmJob job = SlurmJob.parse(FAILED_ARRAY_TASK);
        assertEquals("my job", job.field("JobName"));
        assertEquals("a b=c", job.field("Comment"));
        assertEquals("cpu=1,node=1,billing=1", job.field("TRES"));
        assertEquals("0:0:*:*", job.field("ReqB:S:C:T"));
        assertEquals("", job.field("Power"));
    }

    @Test
    void arrayOutputHasOneJobPerLine() {
        List<SlurmJob> jobs = SlurmJob.parseAll(FAILED_ARRAY_TASK + "\n" + FAILED_ARRAY_TASK.replace("JobId=3", "JobId=4") + "\n");
        assertEquals(List.of("3", "4"), jobs.stream().map(SlurmJob::id).toList());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "slurm_load_jobs error: Invalid job id specified", "jobid=3 state=x"})
    void refusesWhatIsNotAJobLine(String line) {
        assertThrows(IllegalArgumentException.class, () -> SlurmJob.parse(line));
    }
}
