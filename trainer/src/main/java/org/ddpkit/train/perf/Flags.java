package org.ddpkit.train.perf;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code --flag value} pairs of a small tool's command line, with typed getters. */
final class Flags {
    private final Map<String, String> values = new LinkedHashMap<>();

    private Flags() {}

    /** Parses {@code args}; {@code --help} and unknown flags are usage errors that show {@code usage}. */
    static Flags parse(List<String> args, List<String> known, String usage) throws UsageException {
        Flags f = new Flags();
        for (int i = 0; i < args.size(); i++) {
            String flag = args.get(i);
            if (flag.equals("--help") || flag.equals("-h")) {
                throw new UsageException(usage);
            }
            if (!known.contains(flag)) {
                throw new UsageException("unknown flag \"" + flag + "\" (" + usage + ")");
            }
            if (i + 1 >= args.size()) {
                throw new UsageException(flag + ": needs a value (" + usage + ")");
            }
            f.values.put(flag, args.get(++i));
        }
        return f;
    }

    String string(String flag, String dflt) {
        return values.getOrDefault(flag, dflt);
    }

    int integer(String flag, int dflt) throws UsageException {
        String v = values.get(flag);
        if (v == null) {
            return dflt;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new UsageException(flag + ": must be an integer, got \"" + v + "\"");
        }
    }

    double number(String flag, double dflt) throws UsageException {
        String v = values.get(flag);
        if (v == null) {
            return dflt;
        }
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new UsageException(flag + ": must be a number, got \"" + v + "\"");
        }
    }
}
