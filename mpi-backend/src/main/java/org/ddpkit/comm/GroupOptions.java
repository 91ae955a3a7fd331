package org.ddpkit.comm;

import java.time.Duration;

/**
 * Tunables of a process group; {@link #defaults()} suits most jobs.
 *
 * @param timeout           longest a collective may take before it fails (NCCL's watchdog; 300 s)
 * @param bootstrapTimeout  longest to wait for every rank to join at MASTER_ADDR:MASTER_PORT (120 s)
 * @param heartbeatTimeout  a rank silent for this long is declared dead (30 s; a dead process is
 *                          noticed at once through its closed sockets, this catches lost hosts)
 * @param shmChunkBytes     bytes per rank per step of the shared-memory all-reduce (multiple of 4096), or
 *                          0 (the default): 512 KiB, or 2 MiB where a node has more ranks than cores
 *                          (each step ends in a barrier, which then costs a context switch); local
 *                          rank 0 picks and the others follow
 * @param ringChunkBytes    bytes per pipelined piece of the TCP ring (multiple of 4)
 */
public record GroupOptions(Duration timeout, Duration bootstrapTimeout, Duration heartbeatTimeout,
                           int shmChunkBytes, int ringChunkBytes) {

    public GroupOptions {
        positive("timeout", timeout);
        positive("bootstrap timeout", bootstrapTimeout);
        positive("heartbeat timeout", heartbeatTimeout);
        if (shmChunkBytes < 0 || shmChunkBytes % 4096 != 0) {
            throw new IllegalArgumentException("shm chunk: must be 0 (auto) or a positive multiple of 4096 bytes, got \""
                    + shmChunkBytes + "\"");
        }
        if (ringChunkBytes < 4 || ringChunkBytes % 4 != 0) {
            throw new IllegalArgumentException("ring chunk: must be a positive multiple of 4 bytes, got \"" + ringChunkBytes + "\"");
        }
    }

    public static GroupOptions defaults() {
        return new GroupOptions(Duration.ofSeconds(300), Duration.ofSeconds(120), Duration.ofSeconds(30),
                0, 256 << 10);
    }

    public GroupOptions withTimeout(Duration t) {
        return new GroupOptions(t, bootstrapTimeout, heartbeatTimeout, shmChunkBytes, ringChunkBytes);
    }

    public GroupOptions withBootstrapTimeout(Duration t) {
        return new GroupOptions(timeout, t, heartbeatTimeout, shmChunkBytes, ringChunkBytes);
    }

    public GroupOptions withHeartbeatTimeout(Duration t) {
        return new GroupOptions(timeout, bootstrapTimeout, t, shmChunkBytes, ringChunkBytes);
    }

    public GroupOptions withShmChunkBytes(int bytes) {
        return new GroupOptions(timeout, bootstrapTimeout, heartbeatTimeout, bytes, ringChunkBytes);
    }

    public GroupOptions withRingChunkBytes(int bytes) {
        return new GroupOptions(timeout, bootstrapTimeout, heartbeatTimeout, shmChunkBytes, bytes);
    }

    private static void positive(String what, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + ": must be > 0, got \"" + d + "\"");
        }
    }
}
