/** jobgen: command line to validated {@code JobSpec} to Mustache template to an sbatch script. */
package org.ddpkit.jobgen;
