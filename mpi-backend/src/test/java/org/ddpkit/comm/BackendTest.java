package org.ddpkit.comm;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BackendTest {

    @Test
    void namesAreTheCommandLineOnes() {
        assertEquals(List.of("cpu", "mpj", "nccl"), Backend.labels());
        assertEquals(Backend.NCCL, Backend.byName("nccl"));
    }

    @Test
    void unknownBackendListsTheKnownOnes() {
        CommException e = assertThrows(CommException.class,
                () -> ProcessGroups.init(DistEnv.single(1), "gloo", GroupOptions.defaults()));
        assertEquals("unknown backend \"gloo\"; known: cpu, mpj, nccl", e.getMessage());
        assertEquals(ExitCodes.USAGE, e.exitCode());
    }

    @Test
    void unknownReduceOpListsTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ReduceOp.byLabel("prod"));
        assertEquals("unknown reduce op \"prod\"; known: sum, avg, max, min", e.getMessage());
    }
}
