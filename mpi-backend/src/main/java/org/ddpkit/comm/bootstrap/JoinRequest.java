package org.ddpkit.comm.bootstrap;

import org.ddpkit.comm.DistEnv;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * What a rank tells rank 0 when it joins: its env contract, where it listens for data
 * connections, and who it is (host, pid) for error messages.
 */
record JoinRequest(String runId, int restartCount, int rank, int worldSize, int localRank, int localWorldSize,
                   int groupRank, int dataPort, long pid, String host, String backend) {

    static final String MAGIC = "ddpkit-join/1";

    static JoinRequest of(DistEnv env, int dataPort, String backend) {
        return new JoinRequest(env.runId(), env.restartCount(), env.rank(), env.worldSize(), env.localRank(),
                env.localWorldSize(), env.groupRank(), dataPort, ProcessHandle.current().pid(), HostIdentity.hostname(),
                backend);
    }

    void write(DataOutputStream out) throws IOException {
        out.writeUTF(MAGIC);
        out.writeUTF(runId);
        out.writeInt(restartCount);
        out.writeInt(rank);
        out.writeInt(worldSize);
        out.writeInt(localRank);
        out.writeInt(localWorldSize);
        out.writeInt(groupRank);
        out.writeInt(dataPort);
        out.writeLong(pid);
        out.writeUTF(host);
        out.writeUTF(backend);
        out.flush();
    }

    /** Reads the fields after {@link #MAGIC}. */
    static JoinRequest read(DataInputStream in) throws IOException {
        return new JoinRequest(in.readUTF(), in.readInt(), in.readInt(), in.readInt(), in.readInt(), in.readInt(),
                in.readInt(), in.readInt(), in.readLong(), in.readUTF(), in.readUTF());
    }

    /** "rank 3 (host node2, pid 1234)" */
    String who() {
        return "rank " + rank + " (host " + host + ", pid " + pid + ")";
    }
}
