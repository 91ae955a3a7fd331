package org.ddpkit.train.data;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;

/**
 * Progress on a stream: on a terminal one line rewritten in place with percentage and rate;
 * otherwise (batch logs) a plain line about every 10% of a file.
 */
public final class ConsoleProgress implements DownloadProgress {
    private final PrintStream out;
    private final boolean terminal;
    private long startNanos;
    private long startBytes;
    private long lastDecile = -1;
    private long lastDraw;

    public ConsoleProgress(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    @Override
    public void started(String file, URI from, long offset, long total) {
        startNanos = System.nanoTime();
        startBytes = offset;
        lastDecile = -1;
        out.println("downloading " + from + (offset > 0 ? " (resuming at byte " + offset + ")" : ""));
    }

    @Override
    public void advanced(String file, long bytes, long total) {
        long now = System.nanoTime();
        double secs = Math.max(1e-9, (now - startNanos) / 1e9);
        double rate = (bytes - startBytes) / secs / 1e6;
        String pct = total > 0 ? String.format("%3d%%", bytes * 100 / total) : "   ?";
        String line = String.format("%s %s %.1f/%s MB %.1f MB/s", file, pct, bytes / 1e6,
                total > 0 ? String.format("%.1f", total / 1e6) : "?", rate);
        if (terminal) {
            if (now - lastDraw > 100_000_000L || bytes == total) {
                out.print("\r" + line);
                lastDraw = now;
            }
        } else if (total > 0) {
            long decile = bytes * 10 / total;
            if (decile != lastDecile) {
                out.println(line);
                lastDecile = decile;
            }
        }
    }

    @Override
    public void finished(String file, Path path, boolean cached) {
        if (terminal && !cached) {
            out.println();
        }
        out.println(cached ? path + ": already present, checksum OK" : path + ": checksum OK");
    }

    @Override
    public void failed(String file, URI from, String why) {
        if (terminal) {
            out.println();
        }
        out.println(from + ": " + why + "; trying the next mirror");
    }
}
