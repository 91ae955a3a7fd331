package org.ddpkit.launch.agent;

import java.io.IOException;
import java.io.OutputStream;

/**
 * One of the wrapper's own output streams, shared by all workers: each line is written with
 * one call under a lock, so lines of different workers never mix.
 */
public final class Console {
    private final OutputStream out;

    public Console(OutputStream out) {
        this.out = out;
    }

    /** Writes {@code prefix}, then {@code len} bytes of {@code line}, then a newline, as one piece. */
    public void writeLine(byte[] prefix, byte[] line, int off, int len) {
        byte[] all = new byte[prefix.length + len + 1];
        System.arraycopy(prefix, 0, all, 0, prefix.length);
        System.arraycopy(line, off, all, prefix.length, len);
        all[all.length - 1] = '\n';
        synchronized (this) {
            try {
                out.write(all);
                out.flush();
            } catch (IOException e) {
                // the reader went away (a closed pipe): keep the workers running regardless
            }
        }
    }
}
