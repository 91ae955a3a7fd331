package org.ddpkit.launch.rdzv;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.ddpkit.launch.ExitCode;
import org.ddpkit.launch.config.Endpoint;

/**
 * The rendezvous server, run inside the wrapper on the endpoint's host. Every connection is
 * one JOIN line and one reply line; rounds are kept for the wrapper's lifetime so that restarts
 * (round = restart count) meet again. Threads are daemons: the server ends with the wrapper.
 */
public final class RendezvousServer implements AutoCloseable {
    /** How long a connection may take to send its JOIN line. */
    static final int JOIN_LINE_TIMEOUT_MILLIS = 10_000;

    private final ServerSocket socket;
    private final Endpoint endpoint;
    private final String runId;
    private final int nnodes;
    private final Duration timeout;
    private final Map<Integer, Round> rounds = new HashMap<>();

    private RendezvousServer(ServerSocket socket, Endpoint endpoint, String runId, int nnodes, Duration timeout) {
        this.socket = socket;
        this.endpoint = endpoint;
        this.runId = runId;
        this.nnodes = nnodes;
        this.timeout = timeout;
    }

    /**
     * Serves {@code endpoint} when its host is this machine and its port is free here; empty
     * when the host is another machine or the port is taken (most often by the server of
     * another wrapper on this machine, which this wrapper then joins as a client).
     */
    public static Optional<RendezvousServer> tryStart(Endpoint endpoint, String runId, int nnodes, Duration timeout) {
        if (!isLocal(endpoint.host())) {
            return Optional.empty();
        }
        try {
            ServerSocket s = new ServerSocket();
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(endpoint.port()), 64);
            RendezvousServer server = new RendezvousServer(s, endpoint, runId, nnodes, timeout);
            Thread t = new Thread(server::acceptLoop, "rdzv-server");
            t.setDaemon(true);
            t.start();
            return Optional.of(server);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** True when {@code host} names this machine (loopback, or an address of one of its interfaces). */
    static boolean isLocal(String host) {
        try {
            for (InetAddress a : InetAddress.getAllByName(host)) {
                if (a.isLoopbackAddress() || a.isAnyLocalAddress() || NetworkInterface.getByInetAddress(a) != null) {
                    return true;
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    /** Nodes waiting in (or done with) round {@code round}. */
    int arrived(int round) {
        synchronized (rounds) {
            Round r = rounds.get(round);
            return r == null ? 0 : r.size();
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    private void acceptLoop() {
        while (!socket.isClosed()) {
            try {
                Socket s = socket.accept();
                Thread t = new Thread(() -> handle(s), "rdzv-join");
                t.setDaemon(true);
                t.start();
            } catch (SocketException closed) {
                return;
            } catch (IOException e) {
                // one failed accept does not end the server
            }
        }
    }

    private void handle(Socket s) {
        try (s) {
            s.setSoTimeout(JOIN_LINE_TIMEOUT_MILLIS);
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            String line = in.readLine();
            JoinReply reply;
            try {
                reply = reply(JoinRequest.parse(line), s.getInetAddress().getHostAddress());
            } catch (IllegalArgumentException e) {
                reply = new JoinReply.Refused(ExitCode.USAGE, "rendezvous at " + endpoint + ": " + e.getMessage());
            }
            OutputStream out = s.getOutputStream();
            out.write((reply.encode() + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            // the node went away; the round goes on without an answer to it
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private JoinReply reply(JoinRequest r, String observed) throws InterruptedException {
        if (!r.runId().equals(runId)) {
            return new JoinReply.Refused(ExitCode.CONFIG, "rendezvous at " + endpoint + " serves --rdzv-id \"" + runId + "\" but "
                    + r.describe() + " gave \"" + r.runId() + "\"; give every node the same --rdzv-id");
        }
        if (r.nnodes() != nnodes) {
            return new JoinReply.Refused(ExitCode.CONFIG, "rendezvous at " + endpoint + " expects --nnodes " + nnodes + " but "
                    + r.describe() + " gave " + r.nnodes() + "; give every node the same --nnodes");
        }
        if (r.nproc() < 1) {
            return new JoinReply.Refused(ExitCode.CONFIG, r.describe() + " starts no workers");
        }
        Round round;
        synchronized (rounds) {
            round = rounds.computeIfAbsent(r.round(), k -> new Round(nnodes, System.nanoTime() + timeout.toNanos(),
                    "rendezvous \"" + runId + "\" at " + endpoint + " (round " + k + ")", fallbackAddr()));
        }
        return round.join(r, observed, timeout.toMillis());
    }

    /** MASTER_ADDR for a node 0 on this machine that connected over loopback: the endpoint's host as the user wrote it. */
    private String fallbackAddr() {
        return endpoint.host().equals("localhost") ? "127.0.0.1" : endpoint.host();
    }
}
