package org.ddpkit.comm.nccl;

import org.ddpkit.comm.CommException;
import org.ddpkit.comm.ExitCodes;

/** An NCCL call returned an error: the code, its ncclResult_t name, and ncclGetErrorString's text. */
public final class NcclException extends CommException {
    private static final String[] NAMES = {"ncclSuccess", "ncclUnhandledCudaError", "ncclSystemError",
        "ncclInternalError", "ncclInvalidArgument", "ncclInvalidUsage", "ncclRemoteError", "ncclInProgress"};
    /** ncclRemoteError: another rank failed. */
    static final int REMOTE_ERROR = 6;

    private final int code;

    NcclException(String call, int code, String text) {
        super(call + " failed: " + name(code) + " (" + code + "): " + text,
                code == REMOTE_ERROR ? ExitCodes.TEMPORARY : ExitCodes.INTERNAL);
        this.code = code;
    }

    /** The ncclResult_t value. */
    public int code() {
        return code;
    }

    static String name(int code) {
        return code >= 0 && code < NAMES.length ? NAMES[code] : "ncclResult " + code;
    }
}
