/** Test support shared by every module's tests: real child processes and the local SLURM cluster. */
package org.ddpkit.testkit;
