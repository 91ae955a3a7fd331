package org.ddpkit.train.checkpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads safetensors files strictly: the header length must fit the file, the header must be
 * well-formed JSON describing tensors that cover the data exactly (no gap, no overlap, sizes
 * matching shapes and types), and, when the file carries ddpkit's checksum, the whole file must
 * hash to it. Tensors are read into fresh arrays and handed out only after all of that held:
 * a {@link CheckpointException} means nothing was loaded.
 */
public final class SafetensorsReader {
    private SafetensorsReader() {}

    /** Reads and checks the whole of {@code file}. */
    public static TensorFile read(Path file) throws IOException {
        try (FileChannel ch = open(file)) {
            long size = ch.size();
            byte[] json = headerBytes(file, ch, size);
            SafetensorsHeader header = SafetensorsHeader.parse(file, json, size - 8 - json.length);
            String recorded = header.metadata().get(HeaderChecksum.KEY);
            MessageDigest digest = null;
            if (recorded != null) {
                digest = HeaderChecksum.newDigest();
                digest.update(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, json.length).array());
                digest.update(blankedHeader(file, json, recorded));
            }
            Map<String, StoredTensor> tensors = new LinkedHashMap<>();
            long base = 8L + json.length;
            ByteBuffer buf = ByteBuffer.allocate(SafetensorsWriter.CHUNK).order(ByteOrder.LITTLE_ENDIAN);
            for (TensorSlot slot : header.slots()) {
                DType dtype = slot.dtype();
                Object array = dtype.kind().newArray(slot.count());
                int per = SafetensorsWriter.CHUNK / dtype.size();
                long pos = base + slot.begin();
                for (int off = 0; off < slot.count(); off += per) {
                    int n = Math.min(per, slot.count() - off);
                    buf.clear().limit(n * dtype.size());
                    readFully(file, ch, buf, pos);
                    pos += buf.limit();
                    buf.flip();
                    if (digest != null) {
                        digest.update(buf.duplicate());
                    }
                    dtype.kind().get(buf, array, off, n);
                }
                tensors.put(slot.name(), StoredTensor.of(dtype, array, slot.shape()));
            }
            if (digest != null) {
                String actual = HeaderChecksum.hex(digest.digest());
                if (!actual.equals(recorded)) {
                    throw new CheckpointException(file, "checksum mismatch: the header records sha256 " + recorded
                            + " but the contents hash to " + actual + " (the file was altered or corrupted)");
                }
            }
            return new TensorFile(file, tensors, header.metadata(), recorded);
        }
    }

    /** Reads and checks only the header of {@code file} (the data and the checksum are not read). */
    static SafetensorsHeader readHeader(Path file) throws IOException {
        try (FileChannel ch = open(file)) {
            long size = ch.size();
            byte[] json = headerBytes(file, ch, size);
            return SafetensorsHeader.parse(file, json, size - 8 - json.length);
        }
    }

    private static FileChannel open(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new CheckpointException(file, "is a directory, not a safetensors file");
        }
        try {
            return FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new CheckpointException(file, "no such file", e);
        }
    }

    private static byte[] headerBytes(Path file, FileChannel ch, long size) throws IOException {
        if (size < 8) {
            throw new CheckpointException(file, "file has " + size
                    + " bytes, too few for a safetensors file (an 8-byte header length comes first)");
        }
        ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        readFully(file, ch, len, 0);
        long n = len.getLong(0);
        if (Long.compareUnsigned(n, SafetensorsHeader.MAX_BYTES) > 0) {
            throw new CheckpointException(file, "header length " + Long.toUnsignedString(n) + " is over the "
                    + SafetensorsHeader.MAX_BYTES + "-byte limit: not a safetensors file, or a corrupted one");
        }
        if (n > size - 8) {
            throw new CheckpointException(file, "header length " + n + " reaches past the end of the file (" + size
                    + " bytes): the file is truncated, or not a safetensors file");
        }
        ByteBuffer json = ByteBuffer.allocate((int) n);
        readFully(file, ch, json, 8);
        return json.array();
    }

    private static byte[] blankedHeader(Path file, byte[] json, String recorded) throws CheckpointException {
        if (!HeaderChecksum.isWellFormed(recorded)) {
            throw new CheckpointException(file, "metadata " + HeaderChecksum.KEY + " = \"" + recorded
                    + "\" is not 64 lowercase hex digits (the file was altered or corrupted)");
        }
        int at = HeaderChecksum.locate(json, recorded);
        if (at < 0) {
            throw new CheckpointException(file, "the header holds " + HeaderChecksum.KEY + " but not as ddpkit writes it: "
                    + "the file was rewritten by another tool (drop that metadata entry when re-saving, and the file "
                    + "loads unverified)");
        }
        return HeaderChecksum.blanked(json, at);
    }

    /** Fills {@code buf} from {@code ch} at {@code pos}, or fails naming the file when it ends first. */
    private static void readFully(Path file, FileChannel ch, ByteBuffer buf, long pos) throws IOException {
        while (buf.hasRemaining()) {
            int n = ch.read(buf, pos);
            if (n < 0) {
                throw new CheckpointException(file, "file ended at byte " + pos + " while reading (it shrank while being read)");
            }
            pos += n;
        }
    }
}
