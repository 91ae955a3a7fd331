package org.ddpkit.comm.nccl;

import jcuda.Pointer;

/** A JCuda pointer whose address can be read (JCuda keeps {@code getNativePointer} protected). */
final class DevicePointer extends Pointer {
    long address() {
        return getNativePointer();
    }
}
