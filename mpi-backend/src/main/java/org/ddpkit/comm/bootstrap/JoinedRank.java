package org.ddpkit.comm.bootstrap;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;

/** A rank's connection to rank 0's server; writes are serialized (heartbeats and news interleave). */
final class JoinedRank {
    final JoinRequest request;
    final Socket socket;
    final DataInputStream in;
    private final DataOutputStream out;
    volatile boolean left;

    JoinedRank(JoinRequest request, Socket socket, DataInputStream in, DataOutputStream out) {
        this.request = request;
        this.socket = socket;
        this.in = in;
        this.out = out;
    }

    synchronized void sendTable(PeerTable table) throws IOException {
        out.writeUTF(Control.OK);
        table.write(out);
        out.flush();
    }

    synchronized void sendError(int exitCode, String message) {
        try {
            out.writeUTF(Control.ERR);
            out.writeInt(exitCode);
            out.writeUTF(message);
            out.flush();
        } catch (IOException ignored) {
            // it is gone already
        }
    }

    synchronized void heartbeat() throws IOException {
        out.writeByte(Control.HEARTBEAT);
        out.flush();
    }

    synchronized void left(int rank) throws IOException {
        out.writeByte(Control.LEFT);
        out.writeInt(rank);
        out.flush();
    }

    synchronized void failed(int rank, String reason) throws IOException {
        out.writeByte(Control.FAILED);
        out.writeInt(rank);
        out.writeUTF(reason);
        out.flush();
    }

    void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing
        }
    }
}
