/**
 * jobgen: the command line ({@link org.ddpkit.jobgen.CliParser}) becomes a validated
 * {@code JobSpec}, the spec becomes a render model, the model fills a Mustache template, and the
 * script goes to stdout or, with {@code --submit}, to sbatch. {@link org.ddpkit.jobgen.Main} is
 * the only class that touches the process (environment, exit status).
 */
package org.ddpkit.jobgen;
