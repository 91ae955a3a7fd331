package org.ddpkit.train.checkpoint;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces a file so that a reader, or a crash at any moment, sees either the old contents or
 * the new, never a mix: write a temporary file in the same directory, fsync it, rename it over
 * the target, fsync the directory. Temporary files are named
 * {@code .<target>.tmp-<host>-<pid>-<random>}; each write first removes those left by writers that
 * died (this host's, whose process is gone; other hosts', after {@link #FOREIGN_TEMP_AGE}).
 * One writer per target at a time: a second concurrent writer may fail, but never corrupts.
 */
public final class AtomicFile {
    /** How old another host's temporary file must be before it counts as abandoned. */
    public static final Duration FOREIGN_TEMP_AGE = Duration.ofHours(24);
    private static final Pattern TEMP = Pattern.compile("\\.(.+)\\.tmp-(.+)-(\\d+)-([0-9a-f]{8})");
    private static final Set<Path> IN_FLIGHT = ConcurrentHashMap.newKeySet();
    private static final String HOST = hostName();
    private static final long PID = ProcessHandle.current().pid();

    private final BiConsumer<WriteStage, Path> listener;

    /** An atomic writer. */
    public AtomicFile() {
        this((stage, target) -> {});
    }

    /** An atomic writer that reports each step to {@code listener} (tests crash there). */
    AtomicFile(BiConsumer<WriteStage, Path> listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** This host's name as temporary file names carry it. */
    static String host() {
        return HOST;
    }

    BiConsumer<WriteStage, Path> listener() {
        return listener;
    }

    /** Writes {@code target} atomically with the contents {@code body} writes. */
    public void write(Path target, ChannelWriter body) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir.toString(), null, "no such directory to write " + abs.getFileName() + " into");
        }
        removeStaleTemps(dir);
        Path tmp = dir.resolve(tempName(abs.getFileName().toString()));
        IN_FLIGHT.add(tmp);
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                listener.accept(WriteStage.TEMP_CREATED, abs);
                body.writeTo(ch);
                listener.accept(WriteStage.DATA_WRITTEN, abs);
                ch.force(true);
                listener.accept(WriteStage.FILE_SYNCED, abs);
            }
            Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE);
            listener.accept(WriteStage.RENAMED, abs);
            syncDirectory(dir);
            listener.accept(WriteStage.DIR_SYNCED, abs);
        } catch (IOException | RuntimeException | Error e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        } finally {
            IN_FLIGHT.remove(tmp);
        }
    }

    /** Makes a rename or removal in {@code dir} durable (best effort where the filesystem refuses). */
    static void syncDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // Some filesystems (and non-Linux systems) cannot fsync a directory: the rename is
            // still atomic, only its durability across a power loss is then up to the filesystem.
        }
    }

    /** Removes the temporary files in {@code dir} whose writers are gone (best effort); returns how many. */
    public static int removeStaleTemps(Path dir) throws IOException {
        int removed = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, ".*.tmp-*")) {
            for (Path f : files) {
                try {
                    Optional<Instant> modified = modified(f);
                    if (modified.isPresent() && isStale(f.getFileName().toString(), modified.get()) && Files.deleteIfExists(f)) {
                        removed++;
                    }
                } catch (IOException e) {
                    // Cleaning up is best effort: a leftover that cannot be removed now is tried again next time.
                }
            }
        }
        return removed;
    }

    /** True for a temporary file name whose writer cannot still be writing it. */
    static boolean isStale(String name, Instant modified) {
        Matcher m = TEMP.matcher(name);
        if (!m.matches()) {
            return false;
        }
        if (!m.group(2).equals(HOST)) {
            return modified.isBefore(Instant.now().minus(FOREIGN_TEMP_AGE));
        }
        long pid = Long.parseLong(m.group(3));
        if (pid == PID) {
            return IN_FLIGHT.stream().noneMatch(p -> p.getFileName().toString().equals(name));
        }
        Optional<ProcessHandle> writer = ProcessHandle.of(pid);
        if (writer.isEmpty() || !writer.get().isAlive()) {
            return true;
        }
        // The pid was reused when its process started after the file was last written.
        return writer.get().info().startInstant().map(start -> start.isAfter(modified)).orElse(false);
    }

    static String tempName(String target) {
        byte[] random = new byte[4];
        ThreadLocalRandom.current().nextBytes(random);
        return "." + target + ".tmp-" + HOST + "-" + PID + "-" + HexFormat.of().formatHex(random);
    }

    private static Optional<Instant> modified(Path f) throws IOException {
        try {
            return Optional.of(Files.getLastModifiedTime(f).toInstant());
        } catch (NoSuchFileException gone) {
            return Optional.empty();
        }
    }

    private static String hostName() {
        try {
            String h = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
            if (!h.isEmpty()) {
                return h.replaceAll("[^A-Za-z0-9_.-]", "_");
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: fall through
        }
        try {
            return java.net.InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9_.-]", "_");
        } catch (IOException e) {
            return "unknown-host";
        }
    }
}
