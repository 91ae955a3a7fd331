package org.ddpkit.launch;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A worker's stand-in for rank 0's bootstrap server: {@code PortListener ADDR PORT READY_FILE
 * RECEIVED_FILE} listens at ADDR:PORT, writes READY_FILE once listening, accepts one
 * connection, writes the line it receives to RECEIVED_FILE and answers "ok".
 */
public final class PortListener {
    private PortListener() {}

    public static void main(String[] args) throws IOException {
        try (ServerSocket server = new ServerSocket()) {
            server.bind(new InetSocketAddress(InetAddress.getByName(args[0]), Integer.parseInt(args[1])));
            server.setSoTimeout(90_000);
            Files.writeString(Path.of(args[2]), server.getLocalSocketAddress() + "\n");
            try (Socket s = server.accept()) {
                String line = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)).readLine();
                Files.writeString(Path.of(args[3]), line + " (from " + s.getInetAddress().getHostAddress() + ")\n");
                s.getOutputStream().write("ok\n".getBytes(StandardCharsets.UTF_8));
            }
        }
    }
}
