package org.ddpkit.comm;

/** A backend cannot run on this machine (no GPU driver, no libnccl.so.2, …). Exit 69. */
public final class BackendUnavailableException extends CommException {
    private final String backend;

    public BackendUnavailableException(String backend, String reason) {
        super("backend " + backend + " is unavailable: " + reason, ExitCodes.UNAVAILABLE);
        this.backend = backend;
    }

    public BackendUnavailableException(String backend, String reason, Throwable cause) {
        super("backend " + backend + " is unavailable: " + reason, ExitCodes.UNAVAILABLE, cause);
        this.backend = backend;
    }

    public String backend() {
        return backend;
    }
}
