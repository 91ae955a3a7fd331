package org.ddpkit.jobgen.spec;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** The events sbatch's {@code --mail-type} can mail about. */
public enum MailType {
    NONE, BEGIN, END, FAIL, REQUEUE, ALL, INVALID_DEPEND, STAGE_OUT,
    TIME_LIMIT, TIME_LIMIT_90, TIME_LIMIT_80, TIME_LIMIT_50, ARRAY_TASKS;

    private static final String NAMES = "NONE, BEGIN, END, FAIL, REQUEUE, ALL, INVALID_DEPEND, STAGE_OUT, TIME_LIMIT,"
            + " TIME_LIMIT_90, TIME_LIMIT_80, TIME_LIMIT_50, ARRAY_TASKS";

    /**
     * Parses a comma list such as {@code END,FAIL} (any case) into a set in declaration order.
     * {@code NONE} cannot be combined with other types.
     */
    public static Set<MailType> parseList(String flag, String text) {
        EnumSet<MailType> types = EnumSet.noneOf(MailType.class);
        for (String word : text.split(",", -1)) {
            try {
                types.add(valueOf(word.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw InvalidSpecException.badValue(flag, text,
                        "has unknown mail type " + InvalidSpecException.quote(word) + " (one of " + NAMES + ")");
            }
        }
        if (types.contains(NONE) && types.size() > 1) {
            throw InvalidSpecException.badValue(flag, text, "combines NONE with other mail types");
        }
        return types;
    }

    /** The set as SLURM writes it: {@code BEGIN,END}. */
    public static String join(Set<MailType> types) {
        StringBuilder sb = new StringBuilder();
        for (MailType t : types) {
            sb.append(sb.isEmpty() ? "" : ",").append(t.name());
        }
        return sb.toString();
    }
}
