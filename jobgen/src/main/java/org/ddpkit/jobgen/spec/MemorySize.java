package org.ddpkit.jobgen.spec;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Memory per node as sbatch's {@code --mem} takes it: a whole number with an optional unit
 * {@code K}, {@code M} (the default), {@code G} or {@code T}; {@code 0} asks for all of a
 * node's memory.
 *
 * @param text the size as SLURM gets it, unit in upper case ({@code 16G})
 */
public record MemorySize(String text) {
    private static final Pattern SYNTAX = Pattern.compile("(\\d{1,12})([KMGTkmgt]?)");

    /** Parses {@code text}, the value of {@code flag}. */
    public static MemorySize parse(String flag, String text) {
        Matcher m = SYNTAX.matcher(text);
        if (!m.matches()) {
            throw InvalidSpecException.badValue(flag, text,
                    "is not a SLURM memory size (a whole number with an optional unit K, M, G or T, e.g. 16G)");
        }
        return new MemorySize(Long.parseLong(m.group(1)) + m.group(2).toUpperCase(Locale.ROOT));
    }
}
