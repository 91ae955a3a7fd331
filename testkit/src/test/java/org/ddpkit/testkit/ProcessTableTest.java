package org.ddpkit.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Finding processes by a marker in their environment or command line, with real children. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ProcessTableTest {
    @ParameterizedTest(name = "marker in the {0}")
    @CsvSource({"environment", "command line"})
    void findsALiveChildByItsMarkerAndNotOnceItIsGone(String where) throws Exception {
        String marker = "ddpkit-proctest-" + UUID.randomUUID();
        ProcessBuilder pb = where.equals("environment")
                ? new ProcessBuilder("sleep", "60")
                : new ProcessBuilder("bash", "-c", "sleep 60; : " + marker);
        pb.environment().put("DDPKIT_TEST_MARKER", where.equals("environment") ? marker : "none");
        Process child = pb.start();
        try {
            List<NodeProcess> found = Await.until("the child in /proc", Duration.ofSeconds(10),
                    () -> ProcessTable.withMarker(marker), l -> !l.isEmpty());
            assertEquals(List.of(child.pid()), found.stream().map(NodeProcess::pid).toList());
            assertEquals("host", found.getFirst().node());
        } finally {
            child.descendants().forEach(ProcessHandle::destroyForcibly);
            child.destroyForcibly().waitFor();
        }
        assertTrue(ProcessTable.withMarker(marker).isEmpty(), "a reaped child is still listed");
    }

    @Test
    void containsMatchesBytesAnywhereButNotPartially() {
        byte[] hay = "A=1\0MARK=xyz\0".getBytes(StandardCharsets.UTF_8);
        assertTrue(ProcessTable.contains(hay, "xyz".getBytes(StandardCharsets.UTF_8)));
        assertTrue(ProcessTable.contains(hay, "A=1\0M".getBytes(StandardCharsets.UTF_8)));
        assertFalse(ProcessTable.contains(hay, "xyz!".getBytes(StandardCharsets.UTF_8)));
        assertFalse(ProcessTable.contains(new byte[0], "x".getBytes(StandardCharsets.UTF_8)));
    }
}
