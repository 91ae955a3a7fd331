/** Process groups: the env contract, MPJ Express bootstrap, CPU all-reduce and NCCL. */
package org.ddpkit.comm;
