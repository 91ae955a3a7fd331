package org.ddpkit.launch.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;

import org.apache.commons.exec.ExecuteStreamHandler;

/**
 * Commons Exec's stream handler for one worker: its stdin is closed at once (workers read no
 * input), stdout and stderr are pumped into {@link LineSink}s by two threads. {@link #stop()}
 * runs right after the worker exited: it notes the time and waits a little for the pumps, but
 * not for ever, since a process the worker started may still hold the pipes open.
 */
final class WorkerStreams implements ExecuteStreamHandler {
    /** How long stop() waits for the rest of the output after the worker exited. */
    static final long DRAIN_MILLIS = 1000;

    private final LineSink out;
    private final LineSink err;
    private final String name;
    private InputStream stdout;
    private InputStream stderr;
    private Thread outPump;
    private Thread errPump;
    private volatile Instant exitedAt;

    WorkerStreams(String name, LineSink out, LineSink err) {
        this.name = name;
        this.out = out;
        this.err = err;
    }

    @Override
    public void setProcessInputStream(OutputStream os) throws IOException {
        os.close();
    }

    @Override
    public void setProcessOutputStream(InputStream is) {
        stdout = is;
    }

    @Override
    public void setProcessErrorStream(InputStream is) {
        stderr = is;
    }

    @Override
    public void start() {
        outPump = pump(stdout, out, name + "-stdout");
        errPump = pump(stderr, err, name + "-stderr");
    }

    @Override
    public void stop() {
        exitedAt = Instant.now();
        long deadline = System.nanoTime() + DRAIN_MILLIS * 1_000_000;
        for (Thread t : new Thread[] {outPump, errPump}) {
            try {
                t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** When the worker exited (when Commons Exec saw it), or null while it runs. */
    Instant exitedAt() {
        return exitedAt;
    }

    LineSink err() {
        return err;
    }

    private static Thread pump(InputStream in, LineSink sink, String name) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[8192];
            try (in) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    sink.write(buf, 0, n);
                }
            } catch (IOException e) {
                // the stream was closed under us: end of output
            } finally {
                sink.finish();
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return t;
    }
}
