package org.ddpkit.comm.cpu;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;

/**
 * A native scratch buffer that grows (never shrinks) and is reused across collectives, with two
 * independent {@link ByteBuffer} views (one to send from, one to receive into) for socket I/O.
 */
final class NativeBuffer implements AutoCloseable {
    private Arena arena;
    private MemorySegment segment = MemorySegment.NULL;
    private ByteBuffer sendView;
    private ByteBuffer recvView;

    /** Ensures at least {@code bytes} of capacity; the old contents are lost when it grows. */
    MemorySegment ensure(long bytes) {
        if (bytes > segment.byteSize()) {
            if (bytes > Integer.MAX_VALUE - 4096) {
                throw new IllegalArgumentException("a single scratch buffer of " + bytes + " bytes exceeds 2 GiB");
            }
            close();
            long cap = Math.max(bytes, Math.min(Integer.MAX_VALUE - 4096, segment.byteSize() * 2));
            cap = (cap + 4095) & ~4095L;
            arena = Arena.ofShared();
            segment = arena.allocate(cap, 4096);
            sendView = segment.asByteBuffer();
            recvView = segment.asByteBuffer();
        }
        return segment;
    }

    MemorySegment segment() {
        return segment;
    }

    /** A view positioned nowhere in particular: set position and limit before each use. */
    ByteBuffer sendView() {
        return sendView;
    }

    ByteBuffer recvView() {
        return recvView;
    }

    @Override
    public void close() {
        if (arena != null) {
            arena.close();
            arena = null;
            segment = MemorySegment.NULL;
        }
    }
}
