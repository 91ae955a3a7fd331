package org.ddpkit.train.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fetches files from a list of mirrors into a directory, safely:
 * <ul>
 *   <li>bytes go to {@code NAME.part}; only a file whose SHA-256 matches is fsynced and renamed
 *       (atomically) to {@code NAME}, so {@code NAME} is either absent or complete and right;
 *   <li>a {@code .part} left by an interrupted transfer is resumed with an HTTP Range request
 *       (a server that ignores Range just sends the whole file again);
 *   <li>a failed or mismatching mirror is reported and the next one tried; a mismatch after
 *       resuming is retried once from the start on the same mirror;
 *   <li>a file already present with the right checksum is not fetched again.
 * </ul>
 */
public final class Downloader {
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");
    private final HttpClient client;
    private final DownloadProgress progress;
    private final Duration timeout;

    public Downloader(HttpClient client, DownloadProgress progress, Duration timeout) {
        this.client = Objects.requireNonNull(client, "client");
        this.progress = Objects.requireNonNull(progress, "progress");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /** A downloader with a client that follows redirects and a 30 s connect and response timeout. */
    public static Downloader standard(DownloadProgress progress) {
        HttpClient client = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(30))
                .build();
        return new Downloader(client, progress, Duration.ofSeconds(30));
    }

    /** Fetches every file of {@code kind} from its mirrors into {@code dir}. */
    public List<Path> download(DatasetKind kind, Path dir) throws DownloadException, IOException {
        return download(kind.mirrors(), kind.files(), dir);
    }

    public List<Path> download(List<URI> mirrors, List<RemoteFile> files, Path dir) throws DownloadException, IOException {
        List<Path> out = new ArrayList<>();
        for (RemoteFile f : files) {
            out.add(fetch(mirrors, f, dir));
        }
        return out;
    }

    /** Fetches one file; returns its path in {@code dir}. */
    public Path fetch(List<URI> mirrors, RemoteFile file, Path dir) throws DownloadException, IOException {
        Files.createDirectories(dir);
        Path target = dir.resolve(file.name());
        if (Files.isRegularFile(target) && sha256(target).equals(file.sha256())) {
            progress.finished(file.name(), target, true);
            return target;
        }
        Path part = dir.resolve(file.name() + ".part");
        List<String> failures = new ArrayList<>();
        for (URI mirror : mirrors) {
            URI uri = mirror.resolve(file.name());
            boolean retried = false;
            while (true) {
                boolean resumed = Files.isRegularFile(part) && Files.size(part) > 0;
                String why = attempt(uri, file.name(), part);
                if (why == null) {
                    String got = sha256(part);
                    if (got.equals(file.sha256())) {
                        install(part, target);
                        progress.finished(file.name(), target, false);
                        return target;
                    }
                    Files.deleteIfExists(part);
                    why = "checksum mismatch: got sha256 " + got + ", expected " + file.sha256();
                    if (resumed && !retried) {
                        why += " (after resuming a partial download)";
                        failures.add(uri + ": " + why + "; retrying from the start");
                        progress.failed(file.name(), uri, why + "; retrying from the start");
                        retried = true;
                        continue;
                    }
                }
                failures.add(uri + ": " + why);
                progress.failed(file.name(), uri, why);
                break;
            }
        }
        throw new DownloadException(file.name(), failures);
    }

    /** One transfer into {@code part}: null when the server sent everything, else why not. */
    private String attempt(URI uri, String name, Path part) throws IOException {
        long have = Files.isRegularFile(part) ? Files.size(part) : 0;
        HttpRequest.Builder req = HttpRequest.newBuilder(uri).timeout(timeout).GET();
        if (have > 0) {
            req.header("Range", "bytes=" + have + "-");
        }
        HttpResponse<InputStream> resp;
        try {
            resp = client.send(req.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while downloading " + uri);
        } catch (IOException e) {
            return describe(e);
        }
        try (InputStream in = resp.body()) {
            int status = resp.statusCode();
            long total;
            boolean append;
            if (status == 206 && have > 0) {
                Matcher m = CONTENT_RANGE.matcher(resp.headers().firstValue("Content-Range").orElse(""));
                if (!m.matches() || Long.parseLong(m.group(1)) != have) {
                    Files.deleteIfExists(part);
                    return "server answered the request for bytes " + have + "- with Content-Range \""
                            + resp.headers().firstValue("Content-Range").orElse("") + "\"; discarded the partial file";
                }
                total = m.group(3).equals("*") ? -1 : Long.parseLong(m.group(3));
                append = true;
            } else if (status == 200) {
                have = 0;
                total = resp.headers().firstValueAsLong("Content-Length").orElse(-1);
                append = false;
            } else if (status == 416 && have > 0) {
                return null;
            } else {
                return "HTTP " + status;
            }
            progress.started(name, uri, have, total);
            long done = have;
            try (OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
                byte[] buf = new byte[1 << 16];
                int n;
                while ((n = in.read(buf)) > 0) {
                    out.write(buf, 0, n);
                    done += n;
                    progress.advanced(name, done, total);
                }
            } catch (IOException e) {
                return describe(e) + " after " + done + (total > 0 ? " of " + total : "") + " bytes (kept for resuming)";
            }
            if (total > 0 && done != total) {
                return "connection closed after " + done + " of " + total + " bytes (kept for resuming)";
            }
            return null;
        }
    }

    private static String describe(IOException e) {
        String msg = e.getMessage();
        return e.getClass().getSimpleName() + (msg == null || msg.isEmpty() ? "" : ": " + msg);
    }

    /** fsync the file, rename it over the target atomically, fsync the directory. */
    private static void install(Path part, Path target) throws IOException {
        try (FileChannel ch = FileChannel.open(part, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel dir = FileChannel.open(target.getParent(), StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            // some file systems cannot fsync a directory; the rename itself is still atomic
        }
    }

    /** Lower-case hex SHA-256 of a file. */
    public static String sha256(Path file) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
