package org.ddpkit.jobgen.spec;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * How and when SLURM runs the job: limits, placement, naming, output files, arrays,
 * dependencies, mail, and the preemption notice.
 *
 * @param time       {@code --time}
 * @param partition  {@code --partition} (a comma list is allowed)
 * @param account    {@code --account}
 * @param qos        {@code --qos}
 * @param constraint {@code --constraint}
 * @param jobName    {@code --job-name} (jobgen defaults it to the command's file name)
 * @param output     {@code --output}
 * @param error      {@code --error}
 * @param array      {@code --array}
 * @param dependency {@code --dependency}
 * @param mailTypes  {@code --mail-type} (empty: not given)
 * @param mailUser   {@code --mail-user}
 * @param exclusive  {@code --exclusive}
 * @param signal     {@code --signal}, always set (default {@link SignalSpec#DEFAULT})
 * @param requeue    {@code --requeue} with its mode and cap; empty without {@code --requeue}
 */
public record Scheduling(Optional<SlurmTime> time, Optional<String> partition, Optional<String> account,
                         Optional<String> qos, Optional<String> constraint, String jobName,
                         Optional<FilenamePattern> output, Optional<FilenamePattern> error,
                         Optional<ArraySpec> array, Optional<DependencySpec> dependency,
                         Set<MailType> mailTypes, Optional<String> mailUser,
                         boolean exclusive, SignalSpec signal, Optional<Requeue> requeue) {
    public Scheduling {
        DirectiveText.word("--partition", partition);
        DirectiveText.word("--account", account);
        DirectiveText.word("--qos", qos);
        DirectiveText.word("--constraint", constraint);
        DirectiveText.text("--job-name", jobName);
        DirectiveText.word("--mail-user", mailUser);
        mailTypes = Collections.unmodifiableSet(mailTypes.isEmpty() ? EnumSet.noneOf(MailType.class) : EnumSet.copyOf(mailTypes));
        if (signal == null) {
            throw new InvalidSpecException("--signal", "must be set (the default is " + SignalSpec.DEFAULT.sbatchValue() + ")");
        }
        if (array.isPresent() && requeue.isPresent() && requeue.get().mode() == RequeueMode.RESUBMIT) {
            throw InvalidSpecException.badValue("--requeue-mode", "resubmit", "cannot run one task of --array again (sbatch"
                    + " would submit the whole array); use --requeue-mode scontrol, or drop --array");
        }
    }
}
