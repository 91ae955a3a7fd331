package org.ddpkit.train.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.ddpkit.comm.DistEnv;
import org.ddpkit.comm.GroupOptions;
import org.ddpkit.comm.ProcessGroup;
import org.ddpkit.comm.ProcessGroups;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The agreement on a world of one (a real cpu-backend group). That a notice on one rank stops
 * every rank at the same step is tested with real rank processes in the examples module
 * ({@code PreemptionTest}).
 */
class CollectiveFlagTest {
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void noNoticeMeansGoOnAndANoticeStopsAtTheBoundaryAfterTheNextWithItsAge() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (ProcessGroup group = ProcessGroups.init(DistEnv.single(port), "cpu", GroupOptions.defaults())) {
            NoticeFlag flag = new NoticeFlag();
            CollectiveFlag agreement = new CollectiveFlag(group, flag);
            for (int i = 0; i < 5; i++) {
                assertEquals(Optional.empty(), agreement.poll());
            }
            flag.raise("USR2", 12);
            long raised = System.nanoTime();
            assertEquals(Optional.empty(), agreement.poll(), "the round in flight was started before the notice");
            AgreedStop stop = agreement.poll().orElseThrow();
            assertEquals("USR2", stop.signal());
            assertEquals(12, stop.number());
            assertEquals("SIGUSR2", stop.label());
            double upper = (System.nanoTime() - flag.notice().orElseThrow().arrivalNanos()) / 1e6;
            assertTrue(stop.ageMillis() >= 0 && stop.ageMillis() <= upper, stop + " vs " + upper + " ms since the notice");
            assertTrue(stop.millisSinceNotice(System.nanoTime()) >= (System.nanoTime() - raised) / 1e6 - 1, stop.toString());
            assertEquals(7, agreement.polls());
            assertTrue(agreement.meanPollMicros() > 0 && agreement.medianPollMicros() > 0, "timed");
            assertEquals(0, new CollectiveFlag(group, flag).medianPollMicros(), "nothing timed yet");
            agreement.drain();
        }
    }
}
