package org.ddpkit.launch.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.ddpkit.testkit.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The group guard with real process groups: it relays signals, ends groups, and kills them when the wrapper dies. */
@Timeout(30)
class GroupGuardTest {
    static final Map<String, String> ENV = Map.of("PATH", System.getenv("PATH"));

    @TempDir
    Path dir;
    Process victim;

    @AfterEach
    void cleanUp() {
        if (victim != null) {
            victim.destroyForcibly();
        }
    }

    /** A process leading its own process group, as a worker started through setsid does. */
    Process groupLeader(String script) throws IOException {
        victim = new ProcessBuilder("setsid", "--", "bash", "-c", script).start();
        return victim;
    }

    @Test
    void whenTheWrapperDiesTheWatchedGroupsAreKilled() throws IOException {
        Process p = groupLeader("sleep 60");
        GroupGuard guard = GroupGuard.start(ENV);
        guard.watch(p.pid());
        guard.process().getOutputStream().close(); // what the kernel does when the wrapper dies
        Await.until("the watched group killed", Duration.ofSeconds(10), p::isAlive, alive -> !alive);
    }

    @Test
    void signalsAreRelayedToTheWholeGroup() throws Exception {
        Path got = dir.resolve("got");
        Process p = groupLeader("trap 'echo USR1 >> " + got + "; exit 0' USR1; touch " + dir.resolve("ready")
                + "; while :; do sleep 0.05; done");
        GroupGuard guard = GroupGuard.start(ENV);
        guard.watch(p.pid());
        Await.until("the trap in place", Duration.ofSeconds(10), () -> Files.exists(dir.resolve("ready")), r -> r);
        assertTrue(guard.signal("SIGUSR1", List.of(p.pid())));
        assertTrue(p.waitFor(10, TimeUnit.SECONDS), "the worker exits from its USR1 trap");
        assertEquals("USR1\n", Files.readString(got));
        guard.end(List.of(p.pid()));
        guard.close();
        assertTrue(guard.process().waitFor(10, TimeUnit.SECONDS));
    }

    @Test
    void endKillsWhatIsLeftAndAnOrderlyCloseKillsNothingElse() throws Exception {
        Process ended = groupLeader("sleep 60");
        Process other = new ProcessBuilder("setsid", "--", "sleep", "60").start();
        try {
            GroupGuard guard = GroupGuard.start(ENV);
            guard.watch(ended.pid());
            assertTrue(guard.end(List.of(ended.pid())));
            Await.until("the ended group killed", Duration.ofSeconds(10), ended::isAlive, alive -> !alive);
            guard.close();
            assertTrue(guard.process().waitFor(10, TimeUnit.SECONDS), "the guard exits on \"exit\"");
            assertTrue(other.isAlive(), "a group the guard never watched is left alone");
        } finally {
            other.destroyForcibly();
        }
    }

    @Test
    void closingWithGroupsStillListedKillsThem() throws IOException {
        Process p = groupLeader("sleep 60");
        GroupGuard guard = GroupGuard.start(ENV);
        guard.watch(p.pid());
        guard.close(); // the wrapper ends on an error with a worker still running
        Await.until("the listed group killed", Duration.ofSeconds(10), p::isAlive, alive -> !alive);
    }

    @Test
    void aDeadGuardSaysSoAndCallersFallBack() throws Exception {
        GroupGuard guard = GroupGuard.start(ENV);
        guard.process().destroyForcibly().waitFor();
        boolean sent = true;
        for (int i = 0; i < 3 && sent; i++) { // the first write may still fit in the pipe
            sent = guard.signal("SIGTERM", List.of(1234567L));
        }
        assertTrue(!sent, "writes to a dead guard fail");
    }
}
