package org.ddpkit.launch.agent;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.ddpkit.testkit.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The orphan guard with real processes: a closed pipe (the wrapper died) kills the groups still listed. */
@Timeout(30)
class OrphanGuardTest {
    Process victim;

    @AfterEach
    void cleanUp() {
        if (victim != null) {
            victim.destroyForcibly();
        }
    }

    /** A {@code sleep} leading its own process group, as a worker started through setsid does. */
    Process groupLeader() throws IOException {
        victim = new ProcessBuilder("setsid", "--", "sleep", "60").start();
        return victim;
    }

    @Test
    void whenTheWrapperDiesTheWatchedGroupsAreKilled() throws IOException {
        Process p = groupLeader();
        OrphanGuard guard = OrphanGuard.start(Map.of("PATH", System.getenv("PATH")));
        guard.watch(p.pid());
        guard.process().getOutputStream().close(); // what the kernel does when the wrapper dies
        Await.until("the watched group killed", Duration.ofSeconds(10), p::isAlive, alive -> !alive);
    }

    @Test
    void aForgottenGroupIsLeftAlone() throws Exception {
        Process p = groupLeader();
        OrphanGuard guard = OrphanGuard.start(Map.of("PATH", System.getenv("PATH")));
        guard.watch(p.pid());
        guard.forget(p.pid());
        guard.process().getOutputStream().close();
        assertTrue(guard.process().waitFor(10, TimeUnit.SECONDS), "the guard ends when its pipe closes");
        assertTrue(p.isAlive(), "a forgotten group must survive");
    }

    @Test
    void anOrderlyEndKillsNothing() throws Exception {
        Process p = groupLeader();
        OrphanGuard guard = OrphanGuard.start(Map.of("PATH", System.getenv("PATH")));
        guard.watch(p.pid());
        guard.forget(p.pid());
        guard.close();
        assertTrue(guard.process().waitFor(10, TimeUnit.SECONDS), "the guard exits on \"exit\"");
        assertTrue(p.isAlive());
    }

    @Test
    void closingWithGroupsStillListedKillsThem() throws IOException {
        Process p = groupLeader();
        OrphanGuard guard = OrphanGuard.start(Map.of("PATH", System.getenv("PATH")));
        guard.watch(p.pid());
        guard.close(); // the wrapper ends on an error with a worker still running
        Await.until("the listed group killed", Duration.ofSeconds(10), p::isAlive, alive -> !alive);
    }
}
