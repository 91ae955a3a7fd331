package org.ddpkit.comm.nccl;

import java.util.Arrays;
import java.util.HexFormat;

/** NCCL's {@code ncclUniqueId}: 128 opaque bytes that rank 0 makes and every rank passes by value. */
public record NcclUniqueId(byte[] bytes) {
    public static final int BYTES = 128;

    public NcclUniqueId {
        if (bytes.length != BYTES) {
            throw new IllegalArgumentException("ncclUniqueId: must be " + BYTES + " bytes, got " + bytes.length);
        }
        bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NcclUniqueId other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "NcclUniqueId[" + HexFormat.of().formatHex(bytes, 0, 8) + "…]";
    }
}
