/** srun-wrapper: SLURM environment to ranks and master address; worker supervision; rendezvous. */
package org.ddpkit.launch;
