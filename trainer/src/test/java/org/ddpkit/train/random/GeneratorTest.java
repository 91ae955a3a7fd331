package org.ddpkit.train.random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class GeneratorTest {
    @Test
    void sameSeedSameStreamOtherSeedOtherStream() {
        Generator a = new Generator(42), b = new Generator(42), c = new Generator(43);
        long[] x = new long[100], y = new long[100], z = new long[100];
        for (int i = 0; i < 100; i++) {
            x[i] = a.nextLong();
            y[i] = b.nextLong();
            z[i] = c.nextLong();
        }
        assertArrayEquals(x, y);
        assertNotEquals(Arrays.toString(x), Arrays.toString(z));
    }

    @Test
    void restoredStateReplaysTheDraws() {
        Generator g = new Generator(7);
        g.nextLong();
        g.reserve(1000);
        GeneratorState s = g.state();
        float[] first = {g.nextFloat(), g.nextFloat(), g.nextFloat()};
        Generator h = Generator.fromState(s);
        assertArrayEquals(first, new float[] {h.nextFloat(), h.nextFloat(), h.nextFloat()});
        g.setState(s);
        assertEquals(first[0], g.nextFloat());
        assertThrows(IllegalArgumentException.class, () -> new Generator(8).setState(s));
    }

    @Test
    void reservedBlocksAreTheSequentialDraws() {
        Generator a = new Generator(9), b = new Generator(9);
        long base = a.reserve(50);
        for (int i = 0; i < 50; i++) {
            assertEquals(b.nextLong(), Generator.bitsAt(a.key(), base + i));
        }
        assertEquals(b.nextLong(), a.nextLong());
    }

    @Test
    void uniformFloatsCoverTheUnitIntervalEvenly() {
        Generator g = new Generator(1);
        int n = 200_000;
        int[] bins = new int[10];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            float u = g.nextFloat();
            assertTrue(u >= 0 && u < 1, "u = " + u);
            bins[(int) (u * 10)]++;
            sum += u;
        }
        assertEquals(0.5, sum / n, 0.005);
        for (int b : bins) {
            assertEquals(n / 10.0, b, 600, "bins " + Arrays.toString(bins));
        }
        float v = g.uniform(-3f, 5f);
        assertTrue(v >= -3 && v < 5);
    }

    @Test
    void nextIntIsUnbiasedAndPermutationsArePermutations() {
        Generator g = new Generator(2);
        int[] counts = new int[7];
        for (int i = 0; i < 70_000; i++) {
            counts[g.nextInt(7)]++;
        }
        for (int c : counts) {
            assertEquals(10_000, c, 400, Arrays.toString(counts));
        }
        int[] p = g.permutation(1000);
        int[] sorted = p.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < 1000; i++) {
            assertEquals(i, sorted[i]);
        }
        assertNotEquals(Arrays.toString(sorted), Arrays.toString(p));
    }
}
