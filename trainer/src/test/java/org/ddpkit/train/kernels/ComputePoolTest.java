package org.ddpkit.train.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ComputePoolTest {
    @ParameterizedTest(name = "{0} threads")
    @ValueSource(ints = {1, 2, 3, 5})
    void everyItemRunsExactlyOnce(int threads) {
        try (ComputePool pool = ComputePool.create(threads)) {
            for (int n : new int[] {0, 1, 2, 7, 64, 1000}) {
                int[] hits = new int[n];
                for (int rep = 0; rep < 50; rep++) {
                    pool.forRange(n, (w, s, e) -> {
                        assertTrue(w >= 0 && w < threads, "worker " + w);
                        for (int i = s; i < e; i++) {
                            hits[i]++;
                        }
                    });
                }
                for (int i = 0; i < n; i++) {
                    assertEquals(50, hits[i], "item " + i + " of " + n);
                }
            }
        }
    }

    /** Chunk boundaries depend on the item and chunk counts only, not on the threads. */
    @ParameterizedTest(name = "{0} threads")
    @ValueSource(ints = {1, 2, 3})
    void chunksAreTheSameWhateverTheThreadCount(int threads) {
        try (ComputePool pool = ComputePool.create(threads)) {
            int[][] ranges = new int[7][];
            pool.forChunks(100, 7, (w, c, s, e) -> ranges[c] = new int[] {s, e});
            for (int c = 0; c < 7; c++) {
                assertArrayEquals(new int[] {100 * c / 7, 100 * (c + 1) / 7}, ranges[c], "chunk " + c);
            }
        }
    }

    /** A worker that stalls holds up only its own chunk: the others take the rest. */
    @Test
    void aStalledWorkerDoesNotHoldUpTheOthersChunks() {
        try (ComputePool pool = ComputePool.create(2)) {
            java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
            int[] ranBy = new int[20];
            java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
            pool.forChunks(20, 20, (w, c, s, e) -> {
                ranBy[c] = w;
                if (c == 0) {
                    try {
                        // the first chunk waits until every other chunk has run elsewhere
                        while (done.get() < 19 && !release.await(1, TimeUnit.MILLISECONDS)) {
                            Thread.onSpinWait();
                        }
                    } catch (InterruptedException ex) {
                        Thread.currentThread().interrupt();
                    }
                } else {
                    done.incrementAndGet();
                }
            });
            int stalled = ranBy[0];
            for (int c = 1; c < 20; c++) {
                assertTrue(ranBy[c] != stalled, "chunk " + c + " ran on the stalled worker " + stalled);
            }
        }
    }

    @Test
    void aWorkerFailureReachesTheCaller() {
        try (ComputePool pool = ComputePool.create(2)) {
            for (int failing = 0; failing < 10; failing++) {
                int bad = failing;
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> pool.forChunks(10, 10, (w, c, s, end) -> {
                    if (c == bad) {
                        throw new IllegalStateException("boom in chunk " + bad);
                    }
                }));
                assertEquals("boom in chunk " + bad, e.getMessage());
            }
            int[] sum = new int[1];
            pool.forRange(4, (w, s, end) -> {
                synchronized (sum) {
                    sum[0] += end - s;
                }
            });
            assertEquals(4, sum[0], "the pool still works after a failure");
        }
    }

    @Test
    void aTaskCannotStartANestedLoop() {
        try (ComputePool pool = ComputePool.create(2)) {
            assertThrows(IllegalStateException.class, () -> pool.forRange(4, (w, s, e) -> pool.forRange(2, (a, b, c) -> { })));
        }
    }

    @Test
    void threadsMustBePositive() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ComputePool.create(0));
        assertEquals("--threads: must be ≥ 1, got \"0\"", e.getMessage());
    }

}
