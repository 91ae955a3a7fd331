package org.ddpkit.jobgen.spec;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A job array's indexes as sbatch's {@code --array} takes them: a comma list of indexes and
 * ranges, a range optionally with a step, and an optional {@code %N} limit on how many tasks
 * run at once: {@code 0-15}, {@code 1,3,5}, {@code 0-15:2%4}, {@code 0,6,16-32}.
 *
 * @param text  the specification as given (passed to SLURM unchanged)
 * @param tasks how many array tasks it makes (indexes listed twice count twice)
 */
public record ArraySpec(String text, long tasks) {
    private static final Pattern ITEM = Pattern.compile("(\\d{1,9})(?:-(\\d{1,9})(?::(\\d{1,9}))?)?");
    private static final String SYNTAX = "(use indexes and ranges like 0-15, 1,3,5 or 0-15:2%4)";

    /** Parses {@code text}, the value of {@code flag}. */
    public static ArraySpec parse(String flag, String text) {
        String list = text;
        int percent = text.indexOf('%');
        if (percent >= 0) {
            list = text.substring(0, percent);
            String limit = text.substring(percent + 1);
            if (!limit.matches("\\d{1,9}")) {
                throw InvalidSpecException.badValue(flag, text,
                        "is not a SLURM array: the limit after % must be a whole number " + SYNTAX);
            }
            if (Long.parseLong(limit) < 1) {
                throw InvalidSpecException.badValue(flag, text,
                        "is not a SLURM array: the limit after % must be >= 1");
            }
        }
        if (list.isEmpty()) {
            throw InvalidSpecException.badValue(flag, text, "is not a SLURM array: no indexes " + SYNTAX);
        }
        long tasks = 0;
        for (String item : list.split(",", -1)) {
            Matcher m = ITEM.matcher(item);
            if (!m.matches()) {
                throw InvalidSpecException.badValue(flag, text,
                        "is not a SLURM array: " + InvalidSpecException.quote(item) + " is not an index or range " + SYNTAX);
            }
            long lo = Long.parseLong(m.group(1));
            if (m.group(2) == null) {
                tasks++;
                continue;
            }
            long hi = Long.parseLong(m.group(2));
            long step = m.group(3) == null ? 1 : Long.parseLong(m.group(3));
            if (hi < lo) {
                throw InvalidSpecException.badValue(flag, text,
                        "is not a SLURM array: range " + InvalidSpecException.quote(item) + " ends before it starts");
            }
            if (step < 1) {
                throw InvalidSpecException.badValue(flag, text,
                        "is not a SLURM array: the step in " + InvalidSpecException.quote(item) + " must be >= 1");
            }
            tasks += (hi - lo) / step + 1;
        }
        return new ArraySpec(text, tasks);
    }
}
