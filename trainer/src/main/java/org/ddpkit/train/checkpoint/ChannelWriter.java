package org.ddpkit.train.checkpoint;

import java.io.IOException;
import java.nio.channels.FileChannel;

/** Writes a file's whole contents into a fresh, empty channel (see {@link AtomicFile#write}). */
@FunctionalInterface
public interface ChannelWriter {
    void writeTo(FileChannel channel) throws IOException;
}
