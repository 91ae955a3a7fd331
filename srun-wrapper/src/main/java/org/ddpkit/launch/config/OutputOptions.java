package org.ddpkit.launch.config;

import java.nio.file.Path;
import java.util.Optional;

import org.ddpkit.launch.LaunchException;

/**
 * Where workers' output goes. Without {@code --log-dir} every line goes to the wrapper's own
 * stdout/stderr, each line after its {@code prefix} ({@code [rank N]: } by default). With it,
 * {@code redirects} streams go only to the per-rank files and {@code tee} streams to both;
 * {@code --log-dir} alone redirects both streams.
 *
 * @param logDir    {@code --log-dir}
 * @param redirects {@code --redirects}
 * @param tee       {@code --tee}
 * @param prefix    {@code --prefix} / {@code --no-prefix}
 */
public record OutputOptions(Optional<Path> logDir, StreamSelection redirects, StreamSelection tee, LinePrefix prefix) {
    public OutputOptions {
        if (logDir.isEmpty() && (redirects.any() || tee.any())) {
            throw LaunchException.usage((redirects.any() ? "--redirects" : "--tee")
                    + ": needs --log-dir DIR to know where the files go");
        }
        if (logDir.isPresent() && !redirects.any() && !tee.any()) {
            redirects = StreamSelection.BOTH;
        }
    }

    public static OutputOptions console() {
        return new OutputOptions(Optional.empty(), StreamSelection.NONE, StreamSelection.NONE, LinePrefix.RANK);
    }
}
