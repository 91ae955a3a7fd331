package org.ddpkit.jobgen.spec;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A SLURM time limit in any of the formats sbatch accepts: {@code M}, {@code M:S},
 * {@code H:M:S}, {@code D-H}, {@code D-H:M}, {@code D-H:M:S}, or {@code UNLIMITED} /
 * {@code INFINITE}. The first field may be as large as you like; the ones after it must be
 * within their unit (minutes and seconds below 60, hours below 24 once days are given).
 *
 * @param text    the limit as given (it is passed to SLURM unchanged)
 * @param seconds the limit in seconds, or -1 for no limit
 */
public record SlurmTime(String text, long seconds) {
    private static final String FORMATS = "use M, M:S, H:M:S, D-H, D-H:M or D-H:M:S";
    private static final Pattern WITH_DAYS = Pattern.compile("(\\d+)-(\\d+)(?::(\\d+))?(?::(\\d+))?");
    private static final Pattern NO_DAYS = Pattern.compile("(\\d+)(?::(\\d+))?(?::(\\d+))?");
    private static final long MAX_SECONDS = 4_294_967_294L * 60; // SLURM keeps minutes in a uint32

    public SlurmTime {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a SLURM time needs text");
        }
    }

    /** Parses {@code text}, the value of {@code flag}; the error quotes both. */
    public static SlurmTime parse(String flag, String text) {
        String upper = text.toUpperCase(Locale.ROOT);
        if (upper.equals("UNLIMITED") || upper.equals("INFINITE")) {
            return new SlurmTime(text, -1);
        }
        Matcher m = WITH_DAYS.matcher(text);
        if (m.matches()) {
            long days = field(flag, text, m.group(1));
            long hours = field(flag, text, m.group(2));
            long minutes = m.group(3) == null ? 0 : field(flag, text, m.group(3));
            long seconds = m.group(4) == null ? 0 : field(flag, text, m.group(4));
            below(flag, text, hours, 24, "hours must be < 24 when days are given");
            below(flag, text, minutes, 60, "minutes must be < 60");
            below(flag, text, seconds, 60, "seconds must be < 60");
            return checked(flag, text, ((days * 24 + hours) * 60 + minutes) * 60 + seconds);
        }
        m = NO_DAYS.matcher(text);
        if (m.matches()) {
            long a = field(flag, text, m.group(1));
            if (m.group(2) == null) { // M
                return checked(flag, text, a * 60);
            }
            long b = field(flag, text, m.group(2));
            if (m.group(3) == null) { // M:S
                below(flag, text, b, 60, "seconds must be < 60");
                return checked(flag, text, a * 60 + b);
            }
            long c = field(flag, text, m.group(3)); // H:M:S
            below(flag, text, b, 60, "minutes must be < 60");
            below(flag, text, c, 60, "seconds must be < 60");
            return checked(flag, text, (a * 60 + b) * 60 + c);
        }
        throw InvalidSpecException.badValue(flag, text, "is not a SLURM time (" + FORMATS + ")");
    }

    /** True for {@code UNLIMITED} / {@code INFINITE}. */
    public boolean unlimited() {
        return seconds < 0;
    }

    private static long field(String flag, String text, String digits) {
        if (digits.length() > 10) {
            throw InvalidSpecException.badValue(flag, text, "is not a SLURM time (too large)");
        }
        return Long.parseLong(digits);
    }

    private static void below(String flag, String text, long value, long limit, String rule) {
        if (value >= limit) {
            throw InvalidSpecException.badValue(flag, text, "is not a SLURM time (" + rule + ")");
        }
    }

    private static SlurmTime checked(String flag, String text, long seconds) {
        if (seconds > MAX_SECONDS) {
            throw InvalidSpecException.badValue(flag, text, "is not a SLURM time (too large)");
        }
        return new SlurmTime(text, seconds);
    }
}
