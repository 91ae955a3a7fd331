package org.ddpkit.train.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataLoaderTest {
    @TempDir
    Path dir;
    MnistDataset data;

    @BeforeEach
    void dataset() throws Exception {
        Files.write(dir.resolve("train-images-idx3-ubyte"), IdxFiles.images(10, 2, 2));
        Files.write(dir.resolve("train-labels-idx1-ubyte"), IdxFiles.labels(10));
        data = MnistDataset.load(dir, MnistDataset.Split.TRAIN);
    }

    @Test
    void batchesInSamplerOrderWithASmallerLastBatch() {
        DataLoader l = new DataLoader(data, 4, new SequentialSampler(10), false, Normalization.NONE);
        assertEquals(3, l.numBatches());
        List<int[]> idx = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        for (Batch b : l) {
            idx.add(b.indices());
            sizes.add(b.size());
            assertEquals(b.size(), b.images().dim(0));
            for (int i = 0; i < b.size(); i++) {
                assertEquals(b.indices()[i] % 10, b.labels()[i]);
                // image i, pixel 0 is (i·7) mod 256, scaled to [0, 1]
                assertEquals((b.indices()[i] * 7 % 256) / 255f, b.images().get(i, 0, 0, 0), 1e-6);
            }
        }
        assertEquals(List.of(4, 4, 2), sizes);
        assertArrayEquals(new int[] {8, 9}, idx.get(2));
        DataLoader drop = new DataLoader(data, 4, new SequentialSampler(10), true, Normalization.NONE);
        assertEquals(2, drop.numBatches());
    }

    @Test
    void seededShufflingIsReproducibleAndResumable() {
        DataLoader a = new DataLoader(data, 3, new RandomSampler(10, 5), false, Normalization.MNIST);
        DataLoader b = new DataLoader(data, 3, new RandomSampler(10, 5), false, Normalization.MNIST);
        a.setEpoch(2);
        b.setEpoch(2);
        List<String> all = new ArrayList<>();
        for (Batch x : a) {
            all.add(Arrays.toString(x.indices()));
        }
        List<String> again = new ArrayList<>();
        for (Batch x : b) {
            again.add(Arrays.toString(x.indices()));
        }
        assertEquals(all, again);
        Iterator<Batch> resumed = b.batches(2);
        assertEquals(all.get(2), Arrays.toString(resumed.next().indices()));
        assertEquals(3, resumed.next().number());
        a.setEpoch(3);
        List<String> other = new ArrayList<>();
        for (Batch x : a) {
            other.add(Arrays.toString(x.indices()));
        }
        assertFalse(all.equals(other), "another epoch, another order");
    }

    @Test
    void distributedLoadersSplitTheData() {
        List<Integer> seen = new ArrayList<>();
        for (int rank = 0; rank < 2; rank++) {
            DataLoader l = new DataLoader(data, 2, new DistributedSampler(10, 2, rank, true, 1, false), false, Normalization.MNIST);
            for (Batch b : l) {
                for (int i : b.indices()) {
                    seen.add(i);
                }
            }
        }
        seen.sort(null);
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), seen);
    }
}
