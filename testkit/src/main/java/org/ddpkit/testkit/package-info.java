/**
 * Test support shared by every module's tests: real child processes ({@link
 * org.ddpkit.testkit.JavaCommand}, {@link org.ddpkit.testkit.CommandRunner}), the skip-or-fail
 * policy ({@link org.ddpkit.testkit.Requirements}), polling with a deadline ({@link
 * org.ddpkit.testkit.Await}), and the local SLURM test cluster ({@link
 * org.ddpkit.testkit.LocalSlurm}, started by {@code scripts/local-slurm start}).
 */
package org.ddpkit.testkit;
