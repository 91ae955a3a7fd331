package org.ddpkit.launch.rdzv;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.ddpkit.launch.ExitCode;
import org.ddpkit.launch.LaunchException;
import org.ddpkit.launch.config.Endpoint;

/**
 * Joins a rendezvous: connects (retrying while the server is not up yet, until the timeout),
 * sends the JOIN line and waits for the reply. Every failure is a {@link LaunchException}:
 * 75 for a timeout, 78 for a refusal over inconsistent flags or an endpoint whose host does
 * not resolve, 69 for something that is not a ddpkit rendezvous server.
 */
public final class RendezvousClient {
    /** Extra time, beyond the rendezvous timeout, to wait for the server's own timeout reply. */
    static final long REPLY_GRACE_MILLIS = 10_000;

    private RendezvousClient() {}

    public static JoinReply.Assigned join(Endpoint endpoint, JoinRequest request, Duration timeout) {
        if (new InetSocketAddress(endpoint.host(), endpoint.port()).isUnresolved()) { // retrying would only wait out the timeout
            throw LaunchException.config("--rdzv-endpoint: host \"" + endpoint.host() + "\" does not resolve on this machine;"
                    + " give the name or address of the node that serves the rendezvous");
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = 50;
        while (true) {
            boolean connected = false;
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(endpoint.host(), endpoint.port()), (int) Math.min(2000, Math.max(1, millisLeft(deadline))));
                connected = true;
                s.setSoTimeout((int) Math.min(Integer.MAX_VALUE, millisLeft(deadline) + REPLY_GRACE_MILLIS));
                s.getOutputStream().write((request.encode() + "\n").getBytes(StandardCharsets.UTF_8));
                s.getOutputStream().flush();
                String line = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)).readLine();
                return answer(endpoint, line);
            } catch (IOException e) {
                if (connected) { // JOIN sent: never send it twice
                    throw new LaunchException(ExitCode.TEMPFAIL, "rendezvous at " + endpoint + " did not answer within "
                            + timeout.toMillis() / 1000.0 + " s (--rdzv-timeout) (" + e.getMessage() + "); is the wrapper on "
                            + endpoint.host() + " still running?");
                }
                if (millisLeft(deadline) <= 0) {
                    throw new LaunchException(ExitCode.TEMPFAIL, "no rendezvous server answered at " + endpoint + " within "
                            + timeout.toMillis() / 1000.0 + " s (" + e.getMessage() + "); the wrapper on " + endpoint.host()
                            + " serves it: start it, or check that port " + endpoint.port() + " is reachable from here");
                }
            }
            try {
                Thread.sleep(Math.min(pause, Math.max(1, millisLeft(deadline)))); // back off before the next connection attempt
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LaunchException(ExitCode.TEMPFAIL, "interrupted while joining the rendezvous at " + endpoint);
            }
            pause = Math.min(1000, pause * 2);
        }
    }

    private static JoinReply.Assigned answer(Endpoint endpoint, String line) {
        JoinReply reply;
        try {
            reply = JoinReply.parse(line);
        } catch (IllegalArgumentException e) {
            throw new LaunchException(ExitCode.UNAVAILABLE, "the server at " + endpoint + " is not a ddpkit rendezvous (it answered "
                    + (line == null ? "nothing" : "\"" + line + "\"") + "); pick a free port for --rdzv-endpoint");
        }
        if (reply instanceof JoinReply.Refused r) {
            throw new LaunchException(r.code(), r.message());
        }
        return (JoinReply.Assigned) reply;
    }

    private static long millisLeft(long deadlineNanos) {
        return (deadlineNanos - System.nanoTime()) / 1_000_000;
    }
}
