/**
 * Getting the ranks to know each other, without MPJ's daemon: rank 0 serves MASTER_PORT
 * ({@link org.ddpkit.comm.bootstrap.RendezvousServer}); each rank joins it
 * ({@link org.ddpkit.comm.bootstrap.ControlLink}), retrying until it is up, and gets the
 * {@link org.ddpkit.comm.bootstrap.PeerTable}. The joined connections stay open as the control
 * channel that spreads failures and heartbeats. The same port answers MPJ Express's niodev
 * handshake ({@link org.ddpkit.comm.bootstrap.NiodevPortServer}).
 */
package org.ddpkit.comm.bootstrap;
