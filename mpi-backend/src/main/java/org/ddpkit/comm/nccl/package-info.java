/**
 * The {@code nccl} backend: NCCL (libnccl.so.2) called through Java's FFM API, since JCuda has
 * no NCCL binding, and JCuda for device memory and streams. {@link org.ddpkit.comm.nccl.NcclLibrary}
 * is the Java-to-C layer; {@link org.ddpkit.comm.nccl.NcclProcessGroup} the process group.
 */
package org.ddpkit.comm.nccl;
