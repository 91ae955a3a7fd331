package org.ddpkit.train.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.ddpkit.testkit.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Real signals sent to this JVM with kill(1) set the flag instead of ending the process. */
class NoticeFlagTest {
    @ParameterizedTest(name = "SIG{0} ({1})")
    @CsvSource({"USR1, 10", "USR2, 12"})
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void aSignalSetsTheFlagWithItsNameAndArrivalTime(String signal, int number) throws Exception {
        NoticeFlag flag = NoticeFlag.install(NoticeFlag.SIGNALS);
        assertFalse(flag.raised());
        long before = System.nanoTime();
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(ProcessHandle.current().pid())).inheritIO().start();
        assertEquals(0, kill.waitFor());
        Notice n = Await.until("the " + signal + " handler", Duration.ofSeconds(10), () -> flag.notice().orElse(null), x -> x != null);
        assertEquals(signal, n.signal());
        assertEquals(number, n.number(), "Linux numbers");
        assertEquals("SIG" + signal, n.label());
        assertTrue(n.arrivalNanos() >= before && n.arrivalNanos() <= System.nanoTime(), "arrival time taken by the handler");
        assertEquals(signal, flag.nameOf(number));
    }

    @Test
    void theFirstNoticeIsKeptAndLaterOnesCounted() {
        NoticeFlag flag = new NoticeFlag();
        flag.raise("USR2", 12);
        flag.raise("USR1", 10);
        assertEquals("USR2", flag.notice().orElseThrow().signal());
        assertEquals(2, flag.count());
        assertEquals("signal 10", flag.nameOf(10), "a flag that installed no handlers knows only its own notice's name");
        assertEquals("USR2", flag.nameOf(12));
    }

    @Test
    void anUnknownSignalNameIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NoticeFlag.install(List.of("USR9")));
        assertEquals("notice signal: unknown on this platform, got \"USR9\"", e.getMessage());
    }
}
