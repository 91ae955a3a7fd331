package org.ddpkit.train.data;

import java.net.URI;
import java.nio.file.Path;

/** Callbacks of a {@link Downloader}, for showing progress. */
public interface DownloadProgress {
    /** A transfer of {@code file} from {@code from} starts at byte {@code offset} of {@code total} (−1: unknown). */
    void started(String file, URI from, long offset, long total);

    /** {@code bytes} of {@code total} are on disk. */
    void advanced(String file, long bytes, long total);

    /** {@code file} is complete and verified at {@code path}; {@code cached} when it already was. */
    void finished(String file, Path path, boolean cached);

    /** An attempt failed; the downloader goes on with the next mirror. */
    void failed(String file, URI from, String why);

    /** Ignores everything. */
    DownloadProgress SILENT = new DownloadProgress() {
        @Override
        public void started(String file, URI from, long offset, long total) {
        }

        @Override
        public void advanced(String file, long bytes, long total) {
        }

        @Override
        public void finished(String file, Path path, boolean cached) {
        }

        @Override
        public void failed(String file, URI from, String why) {
        }
    };
}
