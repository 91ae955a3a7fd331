package org.ddpkit.jobgen.spec;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * A job dependency as sbatch's {@code --dependency} takes it: conditions like
 * {@code afterok:123:456} or {@code singleton}, joined by {@code ,} (all must hold) or by
 * {@code ?} (any may hold), but not both. Job ids are numbers, or {@code JOB_TASK} for one
 * task of an array; {@code after} also takes {@code +MINUTES} after an id.
 *
 * @param text   the dependency as given (passed to SLURM unchanged)
 * @param anyOf  true when the conditions are joined by {@code ?}
 */
public record DependencySpec(String text, boolean anyOf) {
    /** The dependency types SLURM knows, in the order its manual lists them. */
    public static final Set<String> TYPES = Set.of(
            "after", "afterany", "afterburstbuffer", "aftercorr", "afternotok", "afterok", "singleton");
    private static final String TYPE_LIST = "after, afterany, afterburstbuffer, aftercorr, afternotok, afterok, singleton";
    private static final Pattern JOB_ID = Pattern.compile("\\d{1,10}(_\\d{1,9})?");
    private static final Pattern JOB_ID_DELAY = Pattern.compile("\\d{1,10}(_\\d{1,9})?(\\+\\d{1,9})?");

    /** Parses {@code text}, the value of {@code flag}. */
    public static DependencySpec parse(String flag, String text) {
        boolean all = text.indexOf(',') >= 0;
        boolean any = text.indexOf('?') >= 0;
        if (all && any) {
            throw InvalidSpecException.badValue(flag, text,
                    "mixes ',' (all must hold) and '?' (any may hold); SLURM takes only one kind of separator");
        }
        for (String condition : text.split(any ? "\\?" : ",", -1)) {
            checkCondition(flag, text, condition);
        }
        return new DependencySpec(text, any);
    }

    private static void checkCondition(String flag, String text, String condition) {
        if (condition.isEmpty()) {
            throw InvalidSpecException.badValue(flag, text, "has an empty condition (e.g. afterok:123,singleton)");
        }
        String[] parts = condition.split(":", -1);
        String type = parts[0];
        if (!TYPES.contains(type)) {
            throw InvalidSpecException.badValue(flag, text,
                    "has unknown type " + InvalidSpecException.quote(type) + " (one of " + TYPE_LIST + ")");
        }
        if (type.equals("singleton")) {
            if (parts.length > 1) {
                throw InvalidSpecException.badValue(flag, text, "gives job ids to singleton, which takes none");
            }
            return;
        }
        if (parts.length < 2) {
            throw InvalidSpecException.badValue(flag, text,
                    "has " + type + " without a job id (e.g. " + type + ":123)");
        }
        Pattern id = type.equals("after") ? JOB_ID_DELAY : JOB_ID;
        for (int i = 1; i < parts.length; i++) {
            if (!id.matcher(parts[i]).matches()) {
                throw InvalidSpecException.badValue(flag, text,
                        "has " + InvalidSpecException.quote(parts[i]) + " where a job id belongs (a number"
                                + (type.equals("after") ? ", JOB_TASK, optionally +MINUTES)" : " or JOB_TASK)"));
            }
        }
    }
}
