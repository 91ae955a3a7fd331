package org.ddpkit.train.checkpoint;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * ddpkit's checksum of a safetensors file: SHA-256 over the whole file (length prefix, header,
 * data) as it is with the checksum's own 64 hex digits replaced by {@code '0'}s. It is stored in
 * {@code __metadata__} under {@link #KEY}, so a change anywhere in the file, header included,
 * makes it mismatch. Verifying it in Python takes a few lines (docs/checkpoints.md).
 */
final class HeaderChecksum {
    static final String KEY = "ddpkit.sha256";
    static final String PLACEHOLDER = "0".repeat(64);
    private static final HexFormat HEX = HexFormat.of();

    private HeaderChecksum() {}

    static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    static String hex(byte[] digest) {
        return HEX.formatHex(digest);
    }

    static boolean isWellFormed(String value) {
        return value.length() == 64 && value.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
    }

    /**
     * The offset in {@code header} of the checksum's digits, written as ddpkit writes them
     * ({@code "ddpkit.sha256":"<digits>"}), or -1 when that text is not there exactly once.
     */
    static int locate(byte[] header, String digits) {
        byte[] needle = ("\"" + KEY + "\":\"" + digits + "\"").getBytes(StandardCharsets.US_ASCII);
        int found = -1;
        for (int i = 0; i + needle.length <= header.length; i++) {
            if (matches(header, i, needle)) {
                if (found >= 0) {
                    return -1;
                }
                found = i;
            }
        }
        return found < 0 ? -1 : found + needle.length - 1 - digits.length();
    }

    private static boolean matches(byte[] hay, int at, byte[] needle) {
        for (int j = 0; j < needle.length; j++) {
            if (hay[at + j] != needle[j]) {
                return false;
            }
        }
        return true;
    }

    /** {@code header} with the 64 digits at {@code at} replaced by the placeholder (a copy). */
    static byte[] blanked(byte[] header, int at) {
        byte[] copy = header.clone();
        for (int i = 0; i < 64; i++) {
            copy[at + i] = '0';
        }
        return copy;
    }
}
