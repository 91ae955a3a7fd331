/**
 * The {@code mpj} backend: MPJ Express 0.44 (niodev) without its daemon. Rank 0's rendezvous
 * server answers niodev's port handshake, and the process group shields users from MPJ's limits
 * (see {@link org.ddpkit.comm.mpj.MpjProcessGroup}).
 */
package org.ddpkit.comm.mpj;
