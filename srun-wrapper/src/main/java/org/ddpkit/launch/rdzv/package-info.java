/**
 * Rendezvous for several machines without SLURM ({@code --nnodes N --rdzv-endpoint HOST:PORT}):
 * the wrapper on HOST serves a small line-based TCP protocol; every wrapper (HOST's too) joins,
 * and when all N nodes are in, each learns its node rank, every node's worker count, and the
 * master address and port. A round that does not fill within {@code --rdzv-timeout} ends with
 * exit 75 and a message naming who arrived and who did not. Restarts join a new round.
 *
 * <p>Protocol (one line each way, UTF-8, words separated by one space, values without blanks):
 * <pre>
 * client: JOIN v=1 run=ID round=R nnodes=N node_rank=K|-1 nproc=P host=NAME addr=ADDR|- port=PORT pid=PID
 * server: OK node_rank=K nnodes=N sizes=P0,P1,... nodes=H0,H1,... master_addr=A master_port=M
 *     or: ERROR code=C MESSAGE...
 * </pre>
 */
package org.ddpkit.launch.rdzv;
