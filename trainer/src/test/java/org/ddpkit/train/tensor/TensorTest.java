package org.ddpkit.train.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TensorTest {
    @Test
    void channelsLastStoresChannelsInnermost() {
        Tensor t = new Tensor(new float[2 * 3 * 2 * 2], 0, MemoryFormat.CHANNELS_LAST, 2, 3, 2, 2);
        t.set(5f, 1, 2, 0, 1);
        assertEquals(5f, t.data()[((1 * 2 + 0) * 2 + 1) * 3 + 2]);
        Tensor c = t.copy();
        assertEquals(MemoryFormat.CONTIGUOUS, c.format());
        assertEquals(5f, c.data()[((1 * 3 + 2) * 2 + 0) * 2 + 1]);
        Tensor back = new Tensor(new float[t.size()], 0, MemoryFormat.CHANNELS_LAST, t.shape());
        back.copyFrom(c);
        assertArrayEquals(t.data(), back.data());
    }

    @Test
    void reshapeKeepsDataAndChecksCounts() {
        Tensor t = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor r = t.reshape(3, 2);
        assertSame(t.data(), r.data());
        assertEquals(4f, r.get(1, 1));
        assertThrows(IllegalArgumentException.class, () -> t.reshape(4, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> t.get(2, 0));
    }

    @Test
    void workspaceReusesItsTensorForTheSameShape() {
        Workspace w = new Workspace();
        Tensor a = w.get2(4, 5);
        assertSame(a, w.get2(4, 5));
        Tensor b = w.get2(2, 5);
        assertSame(a.data(), b.data(), "a smaller shape reuses the array");
        assertEquals(2, b.dim(0));
    }
}
