package org.ddpkit.train.checkpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Writes safetensors files atomically ({@link AtomicFile}) with ddpkit's SHA-256 in the
 * metadata ({@link HeaderChecksum}): 8-byte little-endian header length, the header (compact
 * JSON, space-padded to a multiple of 8), then each tensor's elements, little-endian, C order,
 * packed without gaps; wider element types first, the caller's order otherwise.
 */
public final class SafetensorsWriter {
    static final int CHUNK = 1 << 20;
    private final AtomicFile atomic;

    public SafetensorsWriter() {
        this(new AtomicFile());
    }

    SafetensorsWriter(AtomicFile atomic) {
        this.atomic = Objects.requireNonNull(atomic, "atomic");
    }

    AtomicFile atomic() {
        return atomic;
    }

    /**
     * Replaces {@code target} with {@code tensors} and {@code metadata} (whose keys must not
     * include {@value HeaderChecksum#KEY}); returns the checksum written, 64 hex digits.
     */
    public String write(Path target, Map<String, StoredTensor> tensors, Map<String, String> metadata) throws IOException {
        if (metadata.containsKey(HeaderChecksum.KEY)) {
            throw new IllegalArgumentException("metadata key \"" + HeaderChecksum.KEY + "\" is reserved for the checksum");
        }
        Map<String, String> meta = new LinkedHashMap<>(metadata);
        meta.put(HeaderChecksum.KEY, HeaderChecksum.PLACEHOLDER);
        SafetensorsHeader header = SafetensorsHeader.layout(tensors, meta);
        String[] checksum = new String[1];
        atomic.write(target, ch -> checksum[0] = writeTo(ch, header, tensors));
        return checksum[0];
    }

    /** Writes the file into an empty channel and fills in its checksum; returns the checksum. */
    static String writeTo(FileChannel ch, SafetensorsHeader header, Map<String, StoredTensor> tensors) throws IOException {
        byte[] json = header.render();
        int at = HeaderChecksum.locate(json, HeaderChecksum.PLACEHOLDER);
        if (at < 0) {
            throw new IllegalStateException("the rendered header lost its checksum placeholder");
        }
        MessageDigest digest = HeaderChecksum.newDigest();
        ByteBuffer prefix = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, json.length);
        digest.update(prefix.array());
        digest.update(json);
        writeFully(ch, prefix);
        writeFully(ch, ByteBuffer.wrap(json));
        ByteBuffer buf = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
        for (TensorSlot slot : header.slots()) {
            StoredTensor t = tensors.get(slot.name());
            int per = CHUNK / t.dtype().size();
            for (int off = 0; off < t.count(); off += per) {
                int n = Math.min(per, t.count() - off);
                buf.clear();
                t.dtype().kind().put(buf, t.array(), off, n);
                buf.limit(n * t.dtype().size());
                digest.update(buf.duplicate());
                writeFully(ch, buf);
            }
        }
        String hex = HeaderChecksum.hex(digest.digest());
        ByteBuffer patch = ByteBuffer.wrap(hex.getBytes(StandardCharsets.US_ASCII));
        long pos = 8L + at;
        while (patch.hasRemaining()) {
            pos += ch.write(patch, pos);
        }
        return hex;
    }

    private static void writeFully(FileChannel ch, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
    }
}
