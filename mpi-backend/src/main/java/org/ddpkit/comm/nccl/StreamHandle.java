package org.ddpkit.comm.nccl;

import jcuda.runtime.cudaStream_t;

/** A JCuda stream whose {@code cudaStream_t} address can be handed to NCCL. */
final class StreamHandle extends cudaStream_t {
    long address() {
        return getNativePointer();
    }
}
