package org.ddpkit.launch.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;

import org.ddpkit.launch.ExitCode;
import org.ddpkit.launch.LaunchException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MasterPortTest {
    /** Pinned values: every task of a step computes these, so they must never change by accident. */
    @ParameterizedTest(name = "job {0} step {1} -> {2}")
    @CsvSource({
            "0, 0, 10000",
            "1, 0, 10016",
            "7, 0, 10112",
            "7, 1, 10114",
            "12345, 0, 12520",
            "12345, 7, 12534",
            "12345, 8, 12520",
            "937, 0, 24992",
            "4294967294, 4294967294, 16716"})
    void derivedPortIsPinned(long job, long step, int port) {
        assertEquals(port, MasterPort.derive(job, step));
    }

    @Test
    void derivedPortsStayBelowMpjAndEphemeralRangesWithRoomForPortPlusOne() {
        for (long job = 0; job < 20_000; job++) {
            for (long step = 0; step < 10; step++) {
                int p = MasterPort.derive(job, step);
                assertEquals(0, p % 2, "even, so that no two steps' (p, p+1) pairs overlap");
                assertTrue(p >= 10_000 && p + 1 < MasterPort.MPJ_LOW && p + 1 < 32768, () -> "out of range: " + p);
            }
        }
    }

    @Test
    void jobsCloseInIdNeverShareAPort() {
        Map<Integer, String> owner = new HashMap<>();
        for (long job = 50_000; job < 50_000 + 937; job++) {
            for (long step = 0; step < MasterPort.STEPS_PER_JOB; step++) {
                String prev = owner.put(MasterPort.derive(job, step), job + "." + step);
                assertEquals(null, prev, "job " + job + "." + step + " collides with " + prev);
            }
        }
        assertNotEquals(MasterPort.derive(100, 0), MasterPort.derive(101, 0));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {"12000-12003 | 12000", "12000,12005 | 12000", "12010 | 12010", "12000-12001,12005 | 12000"})
    void firstReservedPort(String ports, int first) {
        assertEquals(first, MasterPort.firstReserved(new SlurmField.Value("SLURM_STEP_RESV_PORTS", ports.trim())));
    }

    @ParameterizedTest(name = "rejects {0}")
    @CsvSource(delimiter = '|', value = {"abc", "65535", "0-3", "-"})
    void badReservedPortsAreBadConfig(String ports) {
        LaunchException e = assertThrows(LaunchException.class,
                () -> MasterPort.firstReserved(new SlurmField.Value("SLURM_STEP_RESV_PORTS", ports)));
        assertEquals(ExitCode.CONFIG, e.exitCode());
        assertTrue(e.getMessage().contains("SLURM_STEP_RESV_PORTS"), e.getMessage());
    }
}
