package org.ddpkit.train.data;

import java.util.HexFormat;

/**
 * A file a dataset is downloaded as: its name on every mirror and its SHA-256.
 *
 * @param name   file name, resolved against each mirror's base URI
 * @param sha256 lower-case hex SHA-256 of the file's bytes
 */
public record RemoteFile(String name, String sha256) {
    public RemoteFile {
        if (name.isEmpty() || name.contains("/") || name.startsWith(".")) {
            throw new IllegalArgumentException("remote file name must be a plain file name, got \"" + name + "\"");
        }
        if (sha256.length() != 64 || !sha256.equals(sha256.toLowerCase(java.util.Locale.ROOT))) {
            throw new IllegalArgumentException("sha256 of " + name + ": must be 64 lower-case hex digits, got \"" + sha256 + "\"");
        }
        HexFormat.of().parseHex(sha256);
    }
}
