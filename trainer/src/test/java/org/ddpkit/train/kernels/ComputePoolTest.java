package org.ddpkit.train.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ComputePoolTest {
    @ParameterizedTest(name = "{0} threads")
    @ValueSource(ints = {1, 2, 3, 5})
    void splitsStaticallyAndCoversEveryItemOnce(int threads) {
        try (ComputePool pool = ComputePool.create(threads)) {
            for (int n : new int[] {0, 1, 2, 7, 64, 1000}) {
                int[] owner = new int[n];
                int[] hits = new int[n];
                for (int rep = 0; rep < 50; rep++) {
                    pool.forRange(n, (w, s, e) -> {
                        for (int i = s; i < e; i++) {
                            owner[i] = w;
                            hits[i]++;
                        }
                    });
                }
                for (int i = 0; i < n; i++) {
                    assertEquals(50, hits[i], "item " + i + " of " + n);
                    int w = owner[i];
                    assertEquals(true, ComputePool.chunkStart(n, w, threads) <= i && i < ComputePool.chunkStart(n, w + 1, threads),
                            "item " + i + " of " + n + " ran on worker " + w);
                }
            }
        }
    }

    @Test
    void aWorkerFailureReachesTheCaller() {
        try (ComputePool pool = ComputePool.create(2)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> pool.forRange(10, (w, s, end) -> {
                if (w == 1) {
                    throw new IllegalStateException("boom in worker 1");
                }
            }));
            assertEquals("boom in worker 1", e.getMessage());
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

    @Test
    void chunksAreContiguousAndOrdered() {
        assertArrayEquals(new int[] {0, 3, 6, 10},
                new int[] {ComputePool.chunkStart(10, 0, 3), ComputePool.chunkStart(10, 1, 3),
                    ComputePool.chunkStart(10, 2, 3), ComputePool.chunkStart(10, 3, 3)});
    }
}
