package org.ddpkit.examples;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The lines of one rank in output where srun-wrapper put {@code [rank N]: } before each line. */
public final class RankLines {
    private static final Pattern PREFIX = Pattern.compile("^\\[rank (\\d+)]: (.*)$");

    private RankLines() {}

    /** Rank {@code rank}'s lines, without the prefix, in order. */
    public static List<String> of(String output, int rank) {
        List<String> out = new ArrayList<>();
        for (String line : output.split("\n")) {
            Matcher m = PREFIX.matcher(line);
            if (m.matches() && Integer.parseInt(m.group(1)) == rank) {
                out.add(m.group(2));
            }
        }
        return out;
    }

    /** The lines of {@code lines} matching {@code regex} (whole line). */
    public static List<String> matching(List<String> lines, String regex) {
        Pattern p = Pattern.compile(regex);
        return lines.stream().filter(l -> p.matcher(l).matches()).toList();
    }
}
