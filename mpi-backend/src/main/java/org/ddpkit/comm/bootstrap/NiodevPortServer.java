package org.ddpkit.comm.bootstrap;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.util.Map;
import java.util.TreeMap;

/**
 * MPJ Express's port server, the part of its daemon (MPJRun) that niodev needs, checked against
 * the 0.44 classes: each rank's NIODevice.init connects, sends {@code writeUTF("Sending Info")},
 * its write port, read port and rank ({@code writeInt} each), and waits for one
 * {@code readUTF}: {@code "#Peer Information"} then, per rank in rank order,
 * {@code ";ip@readPort@writePort@rank@0"} (the last field, a debug port, is unused). niodev
 * indexes peers by position, so the order must be by rank. This class answers once all N
 * ranks have sent theirs, with the address each was seen at ({@link AddressBook}).
 */
final class NiodevPortServer {
    static final String MAGIC = "Sending Info";

    private record Entry(Socket socket, int writePort, int readPort) {}

    private final int worldSize;
    private final AddressBook addresses;
    private final Map<Integer, Entry> entries = new TreeMap<>();

    NiodevPortServer(int worldSize, AddressBook addresses) {
        this.worldSize = worldSize;
        this.addresses = addresses;
    }

    /** Reads one rank's registration (after the magic string); answers everyone when the last arrives. */
    void register(Socket s, DataInputStream in) throws IOException {
        int writePort = in.readInt();
        int readPort = in.readInt();
        int rank = in.readInt();
        Map<Integer, Entry> ready = null;
        synchronized (this) {
            if (rank < 0 || rank >= worldSize || entries.containsKey(rank)) {
                s.close();
                return;
            }
            entries.put(rank, new Entry(s, writePort, readPort));
            addresses.seen(rank, s);
            if (entries.size() == worldSize) {
                ready = new TreeMap<>(entries);
                entries.clear();
            }
        }
        if (ready != null) {
            answer(ready);
        }
    }

    private void answer(Map<Integer, Entry> all) {
        StringBuilder info = new StringBuilder("#Peer Information");
        for (Map.Entry<Integer, Entry> e : all.entrySet()) {
            info.append(';').append(addresses.addressOf(e.getKey())).append('@').append(e.getValue().readPort())
                    .append('@').append(e.getValue().writePort()).append('@').append(e.getKey()).append("@0");
        }
        String text = info.toString();
        for (Entry e : all.values()) {
            try (Socket s = e.socket()) {
                DataOutputStream out = new DataOutputStream(s.getOutputStream());
                out.writeUTF(text);
                out.flush();
            } catch (IOException ignored) {
                // that rank's MPI.Init fails on its own; the control channel reports it
            }
        }
    }
}
