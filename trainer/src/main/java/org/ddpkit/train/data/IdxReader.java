package org.ddpkit.train.data;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads IDX files (the MNIST format), plain or gzip-compressed (recognised by content, not by
 * name). The header is checked strictly: magic number {@code 0x00 0x00 type ndims}, a known
 * element type, at least one dimension, and exactly {@code product(dims) · size} data bytes.
 * Every problem is an {@link IdxFormatException} naming the file.
 */
public final class IdxReader {
    private static final long MAX_BYTES = Integer.MAX_VALUE - 16;

    private IdxReader() {}

    public static IdxArray read(Path file) throws IdxFormatException {
        byte[] bytes = contents(file);
        return parse(file, bytes);
    }

    /** The file's bytes, decompressed when it is gzip. */
    static byte[] contents(Path file) throws IdxFormatException {
        byte[] raw;
        try {
            raw = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IdxFormatException(file, "no such file");
        } catch (IOException e) {
            throw new IdxFormatException(file, "cannot read: " + e.getMessage(), e);
        }
        if (raw.length >= 2 && (raw[0] & 0xff) == 0x1f && (raw[1] & 0xff) == 0x8b) {
            try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(raw))) {
                return in.readAllBytes();
            } catch (EOFException e) {
                throw new IdxFormatException(file, "truncated gzip stream (the download may be incomplete)", e);
            } catch (ZipException e) {
                throw new IdxFormatException(file, "corrupt gzip stream: " + e.getMessage(), e);
            } catch (IOException e) {
                throw new IdxFormatException(file, "cannot decompress: " + e.getMessage(), e);
            }
        }
        return raw;
    }

    static IdxArray parse(Path file, byte[] b) throws IdxFormatException {
        if (b.length < 4) {
            throw new IdxFormatException(file, "truncated: " + b.length + " bytes, too short for the 4-byte IDX magic number");
        }
        int magic = ByteBuffer.wrap(b, 0, 4).getInt();
        if (b[0] != 0 || b[1] != 0) {
            throw new IdxFormatException(file, String.format("wrong magic number 0x%08X: not an IDX file (expected 0x0000TTNN)", magic));
        }
        IdxType type = IdxType.of(b[2] & 0xff);
        if (type == null) {
            throw new IdxFormatException(file, String.format("wrong magic number 0x%08X: unknown element type 0x%02X", magic, b[2] & 0xff));
        }
        int ndims = b[3] & 0xff;
        if (ndims == 0) {
            throw new IdxFormatException(file, String.format("wrong magic number 0x%08X: no dimensions", magic));
        }
        int header = 4 + 4 * ndims;
        if (b.length < header) {
            throw new IdxFormatException(file, "truncated header: " + b.length + " bytes, " + ndims + " dimension sizes need " + header);
        }
        ByteBuffer buf = ByteBuffer.wrap(b);
        int[] dims = new int[ndims];
        long count = 1;
        for (int i = 0; i < ndims; i++) {
            dims[i] = buf.getInt(4 + 4 * i);
            if (dims[i] < 0) {
                throw new IdxFormatException(file, "dimension " + i + " has a negative size " + dims[i]);
            }
            count *= dims[i];
            if (count * type.bytes() > MAX_BYTES) {
                throw new IdxFormatException(file, "dimensions " + java.util.Arrays.toString(java.util.Arrays.copyOf(dims, i + 1)) + " describe more than 2 GB");
            }
        }
        long expected = count * type.bytes();
        long actual = b.length - header;
        if (actual < expected) {
            throw new IdxFormatException(file, "truncated: dimensions " + java.util.Arrays.toString(dims) + " need " + expected
                    + " data bytes, the file has " + actual);
        }
        if (actual > expected) {
            throw new IdxFormatException(file, (actual - expected) + " unexpected bytes after the " + expected
                    + " data bytes of dimensions " + java.util.Arrays.toString(dims));
        }
        byte[] data = java.util.Arrays.copyOfRange(b, header, b.length);
        return new IdxArray(type, dims, data);
    }
}
