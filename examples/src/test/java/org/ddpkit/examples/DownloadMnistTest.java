package org.ddpkit.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.ddpkit.testkit.Requirements;
import org.ddpkit.train.data.DatasetKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code download-mnist} against local mirrors: one that serves Debian's offline copy of
 * Fashion-MNIST (recompressed, so none of its files has the published SHA-256), one that has
 * nothing. Neither may leave a file behind; both end with exit 75 naming the file and the mirror.
 * (The downloader's success path, with files whose sums match, is tested in the trainer.)
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DownloadMnistTest {
    private static final Path DATA = DatasetKind.FASHION_MNIST.packagedDirectory().orElseThrow();
    private HttpServer server;
    private boolean empty;

    @BeforeEach
    void serve() throws IOException {
        Requirements.require(Files.isRegularFile(DATA.resolve("train-images-idx3-ubyte.gz")),
                "the offline Fashion-MNIST in " + DATA + " (Debian package dataset-fashion-mnist)");
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            Path f = DATA.resolve(ex.getRequestURI().getPath().substring(1));
            byte[] body = !empty && Files.isRegularFile(f) ? Files.readAllBytes(f) : null;
            ex.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : body.length);
            try (OutputStream o = ex.getResponseBody()) {
                if (body != null) {
                    o.write(body);
                }
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private String mirror() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    @Test
    void filesWithOtherChecksumsThanThePublishedOnesAreRefused(@TempDir Path dir) throws IOException {
        Path target = dir.resolve("fm");
        MainTest.Run r = MainTest.run(Map.of(), "download-mnist", "--dataset", "fashion-mnist", "--mirror", mirror(), "--dir", target.toString());
        assertEquals(75, r.code(), r.err());
        assertTrue(r.err().startsWith("ddp-example download-mnist: could not download train-images-idx3-ubyte.gz from any mirror:\n  "
                + mirror() + "train-images-idx3-ubyte.gz: checksum mismatch: got sha256 "), r.err());
        assertTrue(r.out().startsWith("downloading " + mirror() + "train-images-idx3-ubyte.gz\n"), r.out());
        try (var left = Files.list(target)) {
            assertEquals(List.of(), left.toList(), "nothing installed, no partial file kept");
        }
    }

    @Test
    void aMirrorWithoutTheFilesEndsWithExit75(@TempDir Path dir) {
        empty = true;
        MainTest.Run r = MainTest.run(Map.of(), "download-mnist", "--mirror", mirror(), "--dir", dir.resolve("m").toString());
        assertEquals(75, r.code(), r.err());
        assertEquals("ddp-example download-mnist: could not download train-images-idx3-ubyte.gz from any mirror:\n  "
                + mirror() + "train-images-idx3-ubyte.gz: HTTP 404\n", r.err());
    }
}
