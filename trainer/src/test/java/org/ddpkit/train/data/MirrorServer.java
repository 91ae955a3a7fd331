package org.ddpkit.train.data;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local HTTP server on a free port with one mirror per path prefix, each serving a file in
 * its own way: {@code /good/} honours Range, {@code /corrupt/} sends other bytes of the same
 * length, {@code /drop/} sends the headers and half the body and closes, {@code /norange/}
 * ignores Range, {@code /missing/} answers 404. Records every request's path and Range header.
 */
final class MirrorServer implements AutoCloseable {
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-");
    private final HttpServer server;
    private final byte[] content;
    final List<String> requests = new CopyOnWriteArrayList<>();

    MirrorServer(byte[] content) throws IOException {
        this.content = content;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    URI mirror(String name) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/" + name + "/");
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        String range = ex.getRequestHeaders().getFirst("Range");
        requests.add(path + (range == null ? "" : " " + range));
        String kind = path.split("/")[1];
        try (ex) {
            switch (kind) {
                case "good" -> serve(ex, content, range, true);
                case "norange" -> serve(ex, content, range, false);
                case "corrupt" -> {
                    byte[] bad = content.clone();
                    bad[bad.length / 2] ^= 0x01;
                    serve(ex, bad, range, true);
                }
                case "drop" -> {
                    ex.sendResponseHeaders(200, content.length);
                    OutputStream out = ex.getResponseBody();
                    out.write(content, 0, content.length / 2);
                    out.flush();
                    ex.getHttpContext().getServer();
                    // closing the exchange before the declared length ends the connection early
                }
                default -> ex.sendResponseHeaders(404, -1);
            }
        }
    }

    private static void serve(HttpExchange ex, byte[] body, String range, boolean honourRange) throws IOException {
        int from = 0;
        if (range != null && honourRange) {
            Matcher m = RANGE.matcher(range);
            if (m.matches()) {
                from = Integer.parseInt(m.group(1));
            }
            if (from >= body.length) {
                ex.getResponseHeaders().set("Content-Range", "bytes */" + body.length);
                ex.sendResponseHeaders(416, -1);
                return;
            }
            ex.getResponseHeaders().set("Content-Range", "bytes " + from + "-" + (body.length - 1) + "/" + body.length);
            ex.sendResponseHeaders(206, body.length - from);
        } else {
            ex.sendResponseHeaders(200, body.length);
        }
        ex.getResponseBody().write(body, from, body.length - from);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
