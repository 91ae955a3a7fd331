/**
 * The {@code cpu} backend: a hierarchical all-reduce (shared memory between the ranks of a node,
 * a pipelined reduce-scatter + all-gather ring over TCP between nodes) and the other collectives
 * over lazily opened, one-way TCP channels between ranks.
 */
package org.ddpkit.comm.cpu;
