package org.ddpkit.comm.bootstrap;

import org.ddpkit.comm.DistEnv;
import org.ddpkit.comm.GroupOptions;
import org.ddpkit.comm.core.GroupHealth;

/**
 * A joined world: the peer table, this rank's control link, and on rank 0 the server. Closing
 * says goodbye and, on rank 0, announces that and stops the server.
 */
public record Rendezvous(PeerTable table, ControlLink link, RendezvousServer server) implements AutoCloseable {

    /**
     * Rank 0 opens MASTER_PORT; every rank (rank 0 too) joins it and waits for the others.
     *
     * @param dataPort where this rank accepts data connections (0 if none)
     * @param backend  the backend's name; all ranks must agree
     */
    public static Rendezvous join(DistEnv env, GroupOptions options, int dataPort, String backend, GroupHealth health) {
        RendezvousServer server = env.rank() == 0 ? RendezvousServer.start(env, options, backend) : null;
        try {
            ControlLink link = ControlLink.join(env, options, dataPort, backend, health);
            if (server != null) {
                link.useLocalServer(server);
            }
            return new Rendezvous(link.table(), link, server);
        } catch (RuntimeException e) {
            if (server != null) {
                server.close();
            }
            throw e;
        }
    }

    @Override
    public void close() {
        link.close();
        if (server != null) {
            server.close();
        }
    }
}
