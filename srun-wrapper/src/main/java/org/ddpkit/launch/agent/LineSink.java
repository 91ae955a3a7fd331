package org.ddpkit.launch.agent;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Where one stream of one worker goes: cut into lines, each line to the console with a prefix
 * ({@code [rank 3]: }), to a log file as it is, or both; the last lines are kept for the
 * failure report. Bytes pass unchanged (no decoding) except in the kept lines.
 */
public final class LineSink {
    /** Lines kept for the failure report. */
    public static final int TAIL_LINES = 10;

    private final Console console;
    private final byte[] prefix;
    private final OutputStream file;
    private final Deque<String> tail = new ArrayDeque<>();
    private byte[] pending = new byte[256];
    private int pendingLen;

    /**
     * @param console where lines go on the console, or null for none
     * @param prefix  put before each console line ("" for none)
     * @param file    the log file, or null for none
     */
    public LineSink(Console console, String prefix, OutputStream file) {
        this.console = console;
        this.prefix = prefix.getBytes(StandardCharsets.UTF_8);
        this.file = file;
    }

    /** Takes bytes as the pump reads them. */
    public synchronized void write(byte[] buf, int off, int len) {
        if (file != null) {
            try {
                file.write(buf, off, len);
            } catch (IOException e) {
                // a full disk must not stop the worker; the console still gets the line
            }
        }
        int start = off;
        for (int i = off; i < off + len; i++) {
            if (buf[i] == '\n') {
                append(buf, start, i - start);
                line();
                start = i + 1;
            }
        }
        append(buf, start, off + len - start);
    }

    /** End of the stream: passes on a last line without a newline and closes the file. */
    public synchronized void finish() {
        if (pendingLen > 0) {
            if (file != null) {
                try {
                    file.write('\n');
                } catch (IOException ignored) {
                    // see write()
                }
            }
            line();
        }
        if (file != null) {
            try {
                file.close();
            } catch (IOException ignored) {
                // see write()
            }
        }
    }

    /** The last {@link #TAIL_LINES} lines, oldest first. */
    public synchronized List<String> tail() {
        return new ArrayList<>(tail);
    }

    private void append(byte[] buf, int off, int len) {
        if (pendingLen + len > pending.length) {
            byte[] bigger = new byte[Math.max(pending.length * 2, pendingLen + len)];
            System.arraycopy(pending, 0, bigger, 0, pendingLen);
            pending = bigger;
        }
        System.arraycopy(buf, off, pending, pendingLen, len);
        pendingLen += len;
    }

    private void line() {
        int len = pendingLen > 0 && pending[pendingLen - 1] == '\r' ? pendingLen - 1 : pendingLen;
        if (console != null) {
            console.writeLine(prefix, pending, 0, len);
        }
        if (tail.size() == TAIL_LINES) {
            tail.removeFirst();
        }
        tail.addLast(new String(pending, 0, len, StandardCharsets.UTF_8));
        pendingLen = 0;
        if (pending.length > 1 << 16) {
            pending = new byte[256];
        }
    }
}
