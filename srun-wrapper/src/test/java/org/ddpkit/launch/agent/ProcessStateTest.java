package org.ddpkit.launch.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** /proc facts the wrapper acts on: a process's state letter and the signals it catches. */
class ProcessStateTest {
    @ParameterizedTest(name = "{0}: signal {1} -> {2}")
    @CsvSource({
            "0000000000000200, 10, true",   // SIGUSR1 = bit 9
            "0000000000000200, 12, false",
            "0000000000000800, 12, true",   // SIGUSR2 = bit 11
            "0000000000004a03, 1, true",
            "0000000000004a03, 2, true",
            "0000000000004a03, 3, false",
            "0000000000004a03, 15, true",   // 0x4000: SIGTERM = bit 14
            "8000000000000000, 64, true",
            "8000000000000000, 65, false",
            "0000000000000000, 0, false"})
    void signalMasks(String mask, int signal, boolean caught) {
        assertEquals(caught, ProcessState.caughtIn(mask, signal));
    }

    @Test
    void aShellWithATrapCatchesItsSignalAndSleepCatchesNothing() throws IOException, InterruptedException {
        Process trapping = new ProcessBuilder("bash", "-c", "trap 'exit 0' USR1; echo ready; while true; do sleep 0.05; done").start();
        Process plain = new ProcessBuilder("sleep", "30").start();
        try {
            assertEquals('r', trapping.inputReader().read(), "the trap is set once the shell says ready");
            assertTrue(ProcessState.catches(trapping.pid(), 10), "bash with a USR1 trap");
            assertFalse(ProcessState.catches(plain.pid(), 10), "sleep has no handler");
        } finally {
            trapping.destroyForcibly();
            plain.destroyForcibly();
            trapping.waitFor(10, TimeUnit.SECONDS);
            plain.waitFor(10, TimeUnit.SECONDS);
        }
        assertFalse(ProcessState.catches(plain.pid(), 10), "a process that is gone");
    }
}
