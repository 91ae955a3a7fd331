package org.ddpkit.launch.slurm;

import java.util.ArrayList;
import java.util.List;

/**
 * SLURM's tasks-per-node strings ({@code SLURM_STEP_TASKS_PER_NODE}, {@code SLURM_TASKS_PER_NODE}):
 * a comma list of counts, where {@code C(xN)} stands for N nodes with C tasks each, so
 * {@code 2(x3),1} is 2,2,2,1.
 */
public final class TasksPerNode {
    private TasksPerNode() {}

    /** The task count of each node, in node order; every count and repeat must be ≥ 1. */
    public static List<Integer> parse(String spec) {
        List<Integer> out = new ArrayList<>();
        if (spec.isBlank()) {
            throw bad(spec, "empty");
        }
        for (String item : spec.split(",", -1)) {
            int open = item.indexOf('(');
            String count = open < 0 ? item : item.substring(0, open);
            int repeat = 1;
            if (open >= 0) {
                if (!item.startsWith("(x", open) || !item.endsWith(")")) {
                    throw bad(spec, "\"" + item + "\" is not C or C(xN)");
                }
                repeat = positive(spec, item.substring(open + 2, item.length() - 1), item);
            }
            int c = positive(spec, count, item);
            for (int k = 0; k < repeat; k++) {
                out.add(c);
            }
        }
        return out;
    }

    /** The SLURM spelling of {@code counts}: runs of equal counts as {@code C(xN)}. */
    public static String format(List<Integer> counts) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < counts.size()) {
            int j = i;
            while (j < counts.size() && counts.get(j).equals(counts.get(i))) {
                j++;
            }
            out.append(out.isEmpty() ? "" : ",").append(counts.get(i));
            if (j - i > 1) {
                out.append("(x").append(j - i).append(')');
            }
            i = j;
        }
        return out.toString();
    }

    private static int positive(String spec, String digits, String item) {
        if (digits.isEmpty() || digits.length() > 9 || !Hostlist.isDigits(digits)) {
            throw bad(spec, "\"" + item + "\" is not C or C(xN) with whole numbers");
        }
        int n = Integer.parseInt(digits);
        if (n < 1) {
            throw bad(spec, "\"" + item + "\" has a count below 1");
        }
        return n;
    }

    private static IllegalArgumentException bad(String spec, String why) {
        return new IllegalArgumentException("invalid tasks-per-node list \"" + spec + "\": " + why);
    }
}
