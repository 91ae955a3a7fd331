package org.ddpkit.comm.cpu;

import org.ddpkit.comm.CommException;
import org.ddpkit.comm.ExitCodes;
import org.ddpkit.comm.core.Deadline;
import org.ddpkit.comm.core.GroupHealth;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.locks.LockSupport;

/**
 * A file under /dev/shm mapped by every rank of a node: a header with one arrival counter per
 * rank (each on its own 128-byte line), then two sets of per-rank slots of {@code chunkBytes}
 * (double buffering lets a chunk be written while the previous one is read). The node's local
 * rank 0 creates it, the others map it, then it is unlinked at once, so nothing is left behind
 * even when a process is killed.
 */
final class ShmRegion implements AutoCloseable {
    static final long LINE = 128;
    private static final VarHandle COUNTER = ValueLayout.JAVA_LONG.varHandle();
    /**
     * A waiting rank spins a little, then yields for a while (cheap when the core is idle, and
     * lets other processes run when ranks outnumber cores), then parks (a park costs at least
     * the kernel's timer slack, about 50 µs).
     */
    private static final int SPINS = 2000;
    /** With more ranks on the node than cores, spinning only delays the rank being waited for. */
    private final int spins;
    private static final long YIELD_NANOS = 5_000_000;

    final int localSize;
    final int me;
    final long chunkBytes;
    final long headerBytes;
    private final int[] globalRanks;
    private final GroupHealth health;
    private final Arena arena;
    private final MemorySegment seg;
    private final Path path;
    private long seq;

    private ShmRegion(Path path, int[] globalRanks, int me, long chunkBytes, GroupHealth health, Arena arena,
                      MemorySegment seg) {
        this.path = path;
        this.globalRanks = globalRanks;
        this.localSize = globalRanks.length;
        this.me = me;
        this.chunkBytes = chunkBytes;
        this.headerBytes = header(localSize);
        this.health = health;
        this.arena = arena;
        this.seg = seg;
        this.spins = localSize > Runtime.getRuntime().availableProcessors() ? 0 : SPINS;
    }

    private static long header(int localSize) {
        return (localSize * LINE + 4095) & ~4095L;
    }

    /** The chunk size of a region of {@code size} bytes for {@code localSize} ranks (the inverse of {@link #bytesFor}). */
    static long chunkFor(int localSize, long size) {
        return (size - header(localSize)) / (2L * localSize);
    }

    /** The file's size for {@code localSize} ranks. */
    static long bytesFor(int localSize, long chunkBytes) {
        return header(localSize) + 2L * localSize * chunkBytes;
    }

    /** The directory for the files: /dev/shm where it exists, else the temp directory. */
    static Path directory() {
        Path shm = Path.of("/dev/shm");
        return Files.isDirectory(shm) && Files.isWritable(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir"));
    }

    /** Creates (replacing a stale one) and maps the file: local rank 0. */
    static ShmRegion create(Path path, int[] globalRanks, long chunkBytes, GroupHealth health) {
        long size = bytesFor(globalRanks.length, chunkBytes);
        try {
            Files.deleteIfExists(path);
            try (FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                    StandardOpenOption.WRITE)) {
                ch.write(ByteBuffer.wrap(new byte[1]), size - 1); // sizes the file; tmpfs pages come zeroed
                return map(ch, path, globalRanks, 0, chunkBytes, size, health);
            }
        } catch (IOException e) {
            throw new CommException("cannot create shared memory " + path + " (" + size + " bytes): " + e.getMessage(),
                    ExitCodes.UNAVAILABLE, e);
        }
    }

    /** Maps the file local rank 0 created, which must be {@code size} bytes. */
    static ShmRegion open(Path path, int[] globalRanks, int me, long chunkBytes, long size, GroupHealth health) {
        if (size != bytesFor(globalRanks.length, chunkBytes)) {
            throw new CommException("shared memory " + path + " has " + size + " bytes but this rank expects "
                    + bytesFor(globalRanks.length, chunkBytes) + ": do all ranks use the same GroupOptions?",
                    ExitCodes.CONFIG);
        }
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            return map(ch, path, globalRanks, me, chunkBytes, size, health);
        } catch (IOException e) {
            throw new CommException("cannot map shared memory " + path + ": " + e.getMessage(), ExitCodes.UNAVAILABLE, e);
        }
    }

    private static ShmRegion map(FileChannel ch, Path path, int[] globalRanks, int me, long chunkBytes, long size,
                                 GroupHealth health) throws IOException {
        Arena arena = Arena.ofShared();
        MemorySegment seg = ch.map(FileChannel.MapMode.READ_WRITE, 0, size, arena);
        return new ShmRegion(path, globalRanks, me, chunkBytes, health, arena, seg);
    }

    /** Removes the file's name; the mappings stay valid. */
    void unlink() {
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // tmpfs: the file goes with the last mapping anyway once the name is gone; nothing else to do
        }
    }

    MemorySegment segment() {
        return seg;
    }

    /** Byte offset of local rank {@code slot}'s slot in buffer set {@code set} (0 or 1). */
    long slot(int set, int slot) {
        return headerBytes + ((long) set * localSize + slot) * chunkBytes;
    }

    /**
     * Returns once every local rank has arrived here as often as this one. Fails with the
     * group's failure, or a timeout naming the rank that did not arrive.
     */
    void barrier(Deadline d, String what) {
        long target = ++seq;
        COUNTER.setRelease(seg, me * LINE, target);
        int spun = 0;
        long yieldUntil = 0;
        long park = 20_000;
        for (int j = 0; j < localSize; j++) {
            while ((long) COUNTER.getAcquire(seg, j * LINE) < target) {
                if (++spun < spins) {
                    Thread.onSpinWait();
                    continue;
                }
                long now = System.nanoTime();
                if (yieldUntil == 0) {
                    yieldUntil = now + YIELD_NANOS;
                }
                if (now < yieldUntil) {
                    Thread.yield();
                } else {
                    LockSupport.parkNanos(park);
                    park = Math.min(park * 2, 200_000);
                }
                if ((spun & 63) == 0 || now >= yieldUntil) {
                    stuck(j, target, d, what);
                }
            }
        }
    }

    private void stuck(int j, long target, Deadline d, String what) {
        try {
            health.checkPeer(globalRanks[j]);
        } catch (RuntimeException e) {
            if ((long) COUNTER.getAcquire(seg, j * LINE) >= target) {
                return; // it arrived before it left
            }
            throw e;
        }
        if (d.expired()) {
            health.stalled(globalRanks[j], d, what);
        }
    }

    @Override
    public void close() {
        arena.close();
    }
}
