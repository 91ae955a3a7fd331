package org.ddpkit.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A two-process TCP exchange for cluster tests, run as a job's tasks:
 * {@code listen PORTFILE} accepts one connection on a free port (written to PORTFILE) and
 * answers the line it reads; {@code connect HOST PORTFILE} waits for PORTFILE, connects to HOST
 * by name, sends a line, and prints the answer.
 */
public final class PeerByName {
    private PeerByName() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        String host = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        if (args.length == 2 && args[0].equals("listen")) {
            listen(host, Path.of(args[1]));
        } else if (args.length == 3 && args[0].equals("connect")) {
            connect(host, args[1], Path.of(args[2]));
        } else {
            System.err.println("usage: PeerByName listen PORTFILE | connect HOST PORTFILE");
            System.exit(64);
        }
    }

    private static void listen(String host, Path portFile) throws IOException {
        try (ServerSocket server = new ServerSocket()) {
            server.bind(new InetSocketAddress(0));
            server.setSoTimeout(60_000);
            Path tmp = portFile.resolveSibling(portFile.getFileName() + ".tmp");
            Files.writeString(tmp, Integer.toString(server.getLocalPort()));
            Files.move(tmp, portFile, StandardCopyOption.ATOMIC_MOVE);
            try (Socket s = server.accept();
                 BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                 PrintWriter out = new PrintWriter(s.getOutputStream(), true, StandardCharsets.UTF_8)) {
                out.println(host + " heard \"" + in.readLine() + "\" from " + s.getInetAddress().getHostAddress());
            }
        }
    }

    private static void connect(String host, String peer, Path portFile) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!Files.exists(portFile)) {
            if (System.nanoTime() > deadline) {
                throw new IOException("no port file " + portFile + " after 60 s");
            }
            Thread.sleep(50);
        }
        int port = Integer.parseInt(Files.readString(portFile).strip());
        try (Socket s = new Socket(peer, port);
             PrintWriter out = new PrintWriter(s.getOutputStream(), true, StandardCharsets.UTF_8);
             BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8))) {
            out.println("hello from " + host);
            System.out.println(in.readLine());
        }
    }
}
