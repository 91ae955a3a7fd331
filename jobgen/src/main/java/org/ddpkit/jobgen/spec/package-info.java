/**
 * The validated job description: {@link org.ddpkit.jobgen.spec.JobSpec} and the SLURM value
 * types it is made of (time limits, arrays, dependencies, signals, filename patterns). Every
 * type checks its input where it is built and says what is wrong in one line that quotes the
 * flag and the value, e.g. {@code --time: "1:99:00" is not a SLURM time (minutes must be < 60)}.
 */
package org.ddpkit.jobgen.spec;
