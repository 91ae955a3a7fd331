package org.ddpkit.train.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.ddpkit.train.random.Generator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The downloader against a real local HTTP server with good, corrupt, dropping and Range-less mirrors. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DownloaderTest {
    @TempDir
    Path dir;
    byte[] content;
    RemoteFile file;
    MirrorServer server;
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    Downloader downloader;

    @BeforeEach
    void start() throws Exception {
        content = new byte[300_000];
        Generator g = new Generator(1);
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) g.nextInt(256);
        }
        file = new RemoteFile("train-images-idx3-ubyte.gz", HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)));
        server = new MirrorServer(content);
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        downloader = new Downloader(client, new ConsoleProgress(new PrintStream(log, true, StandardCharsets.UTF_8), false), Duration.ofSeconds(10));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Path target() {
        return dir.resolve(file.name());
    }

    private Path part() {
        return dir.resolve(file.name() + ".part");
    }

    @Test
    void aChecksumMismatchMovesOnToTheNextMirror() throws Exception {
        Path got = downloader.fetch(List.of(server.mirror("corrupt"), server.mirror("good")), file, dir);
        assertEquals(target(), got);
        assertArrayEquals(content, Files.readAllBytes(got));
        assertFalse(Files.exists(part()), "no partial file is left behind");
        String out = log.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("checksum mismatch"), out);
        assertTrue(out.contains("100%"), "progress is shown: " + out);
        assertTrue(out.contains(got + ": checksum OK"), out);
    }

    @Test
    void aPartialFileIsResumedWithARangeRequest() throws Exception {
        Files.write(part(), Arrays.copyOf(content, 123_456));
        downloader.fetch(List.of(server.mirror("good")), file, dir);
        assertArrayEquals(content, Files.readAllBytes(target()));
        assertEquals(List.of("/good/" + file.name() + " bytes=123456-"), server.requests);
        assertTrue(log.toString(StandardCharsets.UTF_8).contains("resuming at byte 123456"));
    }

    @Test
    void anInterruptedTransferLeavesNoFileAndResumesNextTime() throws Exception {
        DownloadException e = assertThrows(DownloadException.class, () -> downloader.fetch(List.of(server.mirror("drop")), file, dir));
        assertEquals(1, e.failures().size());
        assertTrue(e.failures().get(0).contains("kept for resuming"), e.failures().toString());
        assertEquals(75, e.exitCode());
        assertFalse(Files.exists(target()), "the target never exists half-written");
        long kept = Files.size(part());
        assertTrue(kept > 0 && kept < content.length, "partial bytes kept: " + kept);
        downloader.fetch(List.of(server.mirror("good")), file, dir);
        assertArrayEquals(content, Files.readAllBytes(target()));
        assertEquals("/good/" + file.name() + " bytes=" + kept + "-", server.requests.get(server.requests.size() - 1));
    }

    @Test
    void aServerIgnoringRangeSendsTheWholeFileAgain() throws Exception {
        Files.write(part(), Arrays.copyOf(content, 1000));
        downloader.fetch(List.of(server.mirror("norange")), file, dir);
        assertArrayEquals(content, Files.readAllBytes(target()));
    }

    @Test
    void aBadPartialFileIsRetriedFromTheStart() throws Exception {
        byte[] junk = new byte[5000];
        Arrays.fill(junk, (byte) 7);
        Files.write(part(), junk);
        downloader.fetch(List.of(server.mirror("good")), file, dir);
        assertArrayEquals(content, Files.readAllBytes(target()));
        assertEquals(List.of("/good/" + file.name() + " bytes=5000-", "/good/" + file.name()), server.requests);
    }

    @Test
    void everyMirrorFailingIsOneErrorListingThemAll() {
        List<URI> mirrors = List.of(server.mirror("missing"), server.mirror("corrupt"), URI.create("http://127.0.0.1:1/nothing/"));
        DownloadException e = assertThrows(DownloadException.class, () -> downloader.fetch(mirrors, file, dir));
        assertEquals(3, e.failures().size(), e.getMessage());
        assertTrue(e.failures().get(0).endsWith(": HTTP 404"), e.failures().get(0));
        assertTrue(e.failures().get(1).contains("checksum mismatch"), e.failures().get(1));
        assertTrue(e.failures().get(2).startsWith("http://127.0.0.1:1/nothing/" + file.name() + ": "), e.failures().get(2));
        assertFalse(Files.exists(target()));
        assertFalse(Files.exists(part()), "a mismatching download is deleted");
    }

    @Test
    void aVerifiedFileIsNotFetchedAgain() throws Exception {
        Files.write(target(), content);
        downloader.fetch(List.of(server.mirror("good")), file, dir);
        assertEquals(List.of(), server.requests);
        assertTrue(log.toString(StandardCharsets.UTF_8).contains("already present"));
    }

    @Test
    void aWrongFileInPlaceIsReplacedAtomically() throws Exception {
        Files.writeString(target(), "stale");
        downloader.fetch(List.of(server.mirror("good")), file, dir);
        assertArrayEquals(content, Files.readAllBytes(target()));
    }
}
