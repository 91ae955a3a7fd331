package org.ddpkit.launch.config;

import java.util.Map;
import java.util.TreeMap;

import org.ddpkit.launch.LaunchException;

/**
 * torchrun's {@code --redirects} / {@code --tee} value: which of a worker's streams go to its
 * log files, as one digit for every worker ({@code 3}) or per local rank ({@code 0:1,1:2}):
 * 0 none, 1 stdout, 2 stderr, 3 both.
 *
 * @param all         the selection of local ranks not listed in {@code perLocalRank}
 * @param perLocalRank selections for single local ranks
 */
public record StreamSelection(int all, Map<Integer, Integer> perLocalRank) {
    public static final StreamSelection NONE = new StreamSelection(0, Map.of());
    public static final StreamSelection BOTH = new StreamSelection(3, Map.of());

    public StreamSelection {
        perLocalRank = Map.copyOf(perLocalRank);
    }

    /** True when stdout of local rank {@code localRank} is selected. */
    public boolean stdout(int localRank) {
        return (perLocalRank.getOrDefault(localRank, all) & 1) != 0;
    }

    /** True when stderr of local rank {@code localRank} is selected. */
    public boolean stderr(int localRank) {
        return (perLocalRank.getOrDefault(localRank, all) & 2) != 0;
    }

    public boolean any() {
        if (all != 0) {
            return true;
        }
        for (int v : perLocalRank.values()) {
            if (v != 0) {
                return true;
            }
        }
        return false;
    }

    /** Parses {@code 3} or {@code 0:1,1:2} given to {@code flag}; exit 64 quoting it otherwise. */
    public static StreamSelection parse(String flag, String text) {
        try {
            if (!text.contains(":")) {
                return new StreamSelection(digit(text), Map.of());
            }
            Map<Integer, Integer> per = new TreeMap<>();
            for (String item : text.split(",", -1)) {
                String[] kv = item.split(":", -1);
                if (kv.length != 2 || Integer.parseInt(kv[0]) < 0) {
                    throw new NumberFormatException();
                }
                per.put(Integer.parseInt(kv[0]), digit(kv[1]));
            }
            return new StreamSelection(0, per);
        } catch (NumberFormatException e) {
            throw LaunchException.usage(flag + ": want 0 (none), 1 (stdout), 2 (stderr), 3 (both) or LOCAL_RANK:N,..., got \"" + text + "\"");
        }
    }

    private static int digit(String s) {
        int v = Integer.parseInt(s.trim());
        if (v < 0 || v > 3) {
            throw new NumberFormatException();
        }
        return v;
    }
}
